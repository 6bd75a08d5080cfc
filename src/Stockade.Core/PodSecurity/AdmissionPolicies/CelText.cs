namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>
/// Builders of CEL text for Pod Security Admission's wording (<see cref="PsaText"/>'s helpers, in
/// CEL). Only what the API server offers from Kubernetes 1.30 (the first with
/// ValidatingAdmissionPolicy GA) is used: the standard library, optionals and strings v2
/// (<c>join</c>, <c>split</c>). Lists have no <c>sort</c>, <c>flatten</c> or <c>distinct</c>
/// there, and <c>cel.bind</c> is not enabled, so those are built from comprehensions.
/// </summary>
internal static class CelText
{
    /// <summary>The most values <see cref="SortedSet"/> sorts; a longer list keeps its order (the verdict is unaffected).</summary>
    public const int MaxSorted = 64;

    /// <summary>The variable holding <c>[0, 1, …, MaxSorted-1]</c>: the ranks <see cref="SortedSet"/> walks in order.</summary>
    public const string Ranks = "variables.ranks";

    public static string RanksLiteral => "[" + string.Join(", ", Enumerable.Range(0, MaxSorted)) + "]";

    /// <summary>A CEL string literal; control characters are escaped, so a value never breaks a line of the YAML it is written in.</summary>
    public static string Lit(string s) => Quote(s, '\'');

    /// <summary>
    /// <paramref name="s"/> between <paramref name="quote"/>s with backslash, the quote and control
    /// characters escaped (<c>\uXXXX</c>): the escapes CEL string literals and YAML double-quoted scalars share.
    /// </summary>
    public static string Quote(string s, char quote)
    {
        var sb = new System.Text.StringBuilder().Append(quote);
        foreach (var ch in s)
        {
            if (ch == '\\' || ch == quote) sb.Append('\\').Append(ch);
            else if (char.IsControl(ch)) sb.Append($"\\u{(int)ch:x4}");
            else sb.Append(ch);
        }
        return sb.Append(quote).ToString();
    }

    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Lit)) + "]";

    /// <summary>A container's name as PSA prints it: empty when unset.</summary>
    public static string Name(string item) => $"{item}.?name.orValue('')";

    /// <summary>A container's securityContext, empty when unset.</summary>
    public static string Sc(string container) => $"{container}.?securityContext.orValue({{}})";

    /// <summary>PSA's <c>joinQuote</c>: <c>"a", "b"</c>.</summary>
    public static string JoinQuote(string list) => $"('\"' + {list}.join('\", \"') + '\"')";

    public static string Plural(string list, string singular, string plural) => $"(size({list}) == 1 ? {Lit(singular)} : {Lit(plural)})";

    /// <summary><c>container "a"</c> or <c>containers "a", "b"</c>.</summary>
    public static string Containers(string list) => $"{Plural(list, "container", "containers")} + ' ' + {JoinQuote(list)}";

    /// <summary>
    /// Go's sorted string set: distinct values in ordinal order. A value's rank is the number of
    /// values below it, so equal values share a rank and walking the ranks in order gives each
    /// distinct value once, sorted. Quadratic in the list, which only a failing pod's message pays.
    /// </summary>
    public static string SortedSet(string list) =>
        $"(size({list}) <= {MaxSorted} ? {Ranks}.filter(k, {list}.exists(x, {list}.filter(y, y < x).size() == k))" +
        $".map(k, {list}.filter(x, {list}.filter(y, y < x).size() == k)[0]) : {list})";

    /// <summary>
    /// A list of string lists, flattened: each value is written after a newline and a marker
    /// character, the lot joined and split again, and the marker dropped (so empty values survive).
    /// </summary>
    public static string Flatten(string listOfLists) =>
        $"{listOfLists}.map(l, l.map(s, '\\nx' + s).join('')).join('').split('\\n').filter(s, s != '').map(s, s.substring(1))";

    /// <summary>The non-empty parts among <paramref name="parts"/> (each <c>cond ? [text] : []</c>), as a list.</summary>
    public static string Parts(params (string Condition, string Text)[] parts) =>
        "(" + string.Join(" + ", parts.Select(p => $"({p.Condition} ? [{p.Text}] : [])")) + ")";
}
