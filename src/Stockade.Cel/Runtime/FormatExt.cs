using System.Globalization;
using System.Text.RegularExpressions;
using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// Kubernetes' format library (<c>apiserver/pkg/cel/library/format.go</c>): <c>format.named(name)</c>,
/// <c>format.NAME()</c> and <c>FORMAT.validate(s)</c> (optional.none when valid, else the list of
/// errors worded as apimachinery's validation and strfmt's).
/// </summary>
internal static partial class FormatExt
{
    private static readonly Dictionary<string, CelFormat> Formats = new(StringComparer.Ordinal)
    {
        ["dns1123Label"] = new("DNS1123Label", s => Dns1123Label(s, prefix: false)),
        ["dns1123Subdomain"] = new("DNS1123Subdomain", s => Dns1123Subdomain(s, prefix: false)),
        ["dns1035Label"] = new("DNS1035Label", s => Dns1035Label(s, prefix: false)),
        ["qualifiedName"] = new("QualifiedName", QualifiedName),
        ["dns1123LabelPrefix"] = new("DNS1123LabelPrefix", s => Dns1123Label(s, prefix: true)),
        ["dns1123SubdomainPrefix"] = new("DNS1123SubdomainPrefix", s => Dns1123Subdomain(s, prefix: true)),
        ["dns1035LabelPrefix"] = new("DNS1035LabelPrefix", s => Dns1035Label(s, prefix: true)),
        ["labelValue"] = new("LabelValue", LabelValue),
        ["uri"] = new("URI", s => CelUrl.RequestUriError(s) is { } e ? [e] : []),
        ["uuid"] = new("uuid", s => UuidPattern().IsMatch(s) ? [] : ["does not match the UUID format"]),
        ["byte"] = new("byte", s => IsBase64(s) ? [] : ["invalid base64"]),
        ["date"] = new("date", s => IsDate(s) ? [] : ["invalid date"]),
        ["datetime"] = new("datetime", s => IsDateTime(s) ? [] : ["invalid datetime"]),
    };

    public static void Register(FunctionRegistry r)
    {
        foreach (var (name, format) in Formats) r.Global("format." + name, 0, _ => format);
        r.Global("format.named", 1, a => Formats.TryGetValue(StringsExt.S(a, 0, "format.named"), out var f) ? CelOptional.Of(f) : CelOptional.None);
        r.Member("validate", 2, a =>
        {
            if (a[0] is not CelFormat f) throw Errors.NoOverload("validate", a);
            var errors = f.Validate(StringsExt.S(a, 1, "validate"));
            return errors.Count == 0 ? CelOptional.None : CelOptional.Of(errors.Cast<object>().ToList());
        });
    }

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string QualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    [GeneratedRegex("^" + Dns1123LabelFmt + "\\z")] private static partial Regex Dns1123LabelRe();
    [GeneratedRegex("^" + Dns1123SubdomainFmt + "\\z")] private static partial Regex Dns1123SubdomainRe();
    [GeneratedRegex("^" + Dns1035LabelFmt + "\\z")] private static partial Regex Dns1035LabelRe();
    [GeneratedRegex("^" + QualifiedNameFmt + "\\z")] private static partial Regex QualifiedNameRe();
    [GeneratedRegex("^" + LabelValueFmt + "\\z")] private static partial Regex LabelValueRe();
    [GeneratedRegex("^(?i)(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})\\z")] private static partial Regex UuidPattern();
    [GeneratedRegex("^([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))\\z")] private static partial Regex TimePart();

    // apimachinery's RegexError: the message, the examples, the pattern.
    private static string RegexError(string msg, string fmt, params string[] examples) =>
        msg + (examples.Length > 0 ? " (e.g. " + string.Join(",  or ", examples.Select(e => $"'{e}'")) + ", " : " (")
        + $"regex used for validation is '{fmt}')";

    private static string MaxLenError(int n) => $"must be no more than {n} characters";

    // NameIsDNS*(name, prefix): a generateName prefix may end in '-'.
    private static string MaskTrailingDash(string s, bool prefix) => prefix && s.Length > 1 && s.EndsWith('-') ? s[..^1] + "a" : s;

    private static List<string> Dns1123Label(string s, bool prefix) => Checked(MaskTrailingDash(s, prefix), 63, Dns1123LabelRe(),
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", Dns1123LabelFmt, "my-name", "123-abc");

    private static List<string> Dns1123Subdomain(string s, bool prefix) => Checked(MaskTrailingDash(s, prefix), 253, Dns1123SubdomainRe(),
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", Dns1123SubdomainFmt, "example.com");

    private static List<string> Dns1035Label(string s, bool prefix) => Checked(MaskTrailingDash(s, prefix), 63, Dns1035LabelRe(),
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", Dns1035LabelFmt, "my-name", "abc-123");

    private static List<string> LabelValue(string s) => Checked(s, 63, LabelValueRe(),
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LabelValueFmt, "MyValue", "my_value", "12345");

    // apimachinery's Is* checks: a length limit, then the pattern.
    private static List<string> Checked(string s, int maxLength, Regex pattern, string msg, string fmt, params string[] examples)
    {
        var errs = new List<string>();
        if (s.Length > maxLength) errs.Add(MaxLenError(maxLength));
        if (!pattern.IsMatch(s)) errs.Add(RegexError(msg, fmt, examples));
        return errs;
    }

    private static List<string> QualifiedName(string value)
    {
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1: name = parts[0]; break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0) errs.Add("prefix part must be non-empty");
                else errs.AddRange(Dns1123Subdomain(parts[0], prefix: false).Select(m => "prefix part " + m));
                break;
            default:
                return ["a qualified name " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }
        if (name.Length == 0) errs.Add("name part must be non-empty");
        else if (name.Length > 63) errs.Add("name part " + MaxLenError(63));
        if (!QualifiedNameRe().IsMatch(name)) errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        return errs;
    }

    // strfmt "byte": base64.StdEncoding (padded; Go's decoder skips only \r and \n).
    private static bool IsBase64(string s)
    {
        var t = s.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        if (t.Length % 4 != 0 || t.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))) return false;
        return Convert.TryFromBase64String(t, new byte[t.Length], out _);
    }

    // strfmt IsDate: time.Parse("2006-01-02").
    private static bool IsDate(string s) =>
        s.Length == 10 && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    // strfmt IsDateTime: a date, 't', then hh:mm:ss[.frac](z|±hh:mm), case-insensitive.
    private static bool IsDateTime(string s)
    {
        if (s.Length < 4) return false;
        var parts = s.ToLowerInvariant().Split('t');
        if (parts.Length < 2 || !IsDate(parts[0])) return false;
        var m = TimePart().Match(parts[1]);
        return m.Success && string.CompareOrdinal(m.Groups[1].Value, "23") <= 0
            && string.CompareOrdinal(m.Groups[2].Value, "59") <= 0 && string.CompareOrdinal(m.Groups[3].Value, "59") <= 0;
    }
}
