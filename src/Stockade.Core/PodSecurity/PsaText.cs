using Stockade.Kube;

namespace Stockade.PodSecurity;

/// <summary>The wording helpers Pod Security Admission builds its messages with.</summary>
internal static class PsaText
{
    public static string Pluralize(string singular, string plural, int count) => count == 1 ? singular : plural;

    /// <summary><c>"a", "b"</c>: every item quoted, comma separated.</summary>
    public static string JoinQuote(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "" : "\"" + string.Join("\", \"", list) + "\"";
    }

    /// <summary>Go's sorted string set: distinct, ordinal order.</summary>
    public static List<string> SortedSet(IEnumerable<string> items) =>
        items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary><c>container "a"</c> or <c>containers "a", "b"</c>.</summary>
    public static string Containers(IReadOnlyCollection<string> names) =>
        $"{Pluralize("container", "containers", names.Count)} {JoinQuote(names)}";

    /// <summary>The name PSA prints for a container: the name as decoded, empty when absent.</summary>
    public static string NameOf(ContainerModel container) => StringOrEmpty(container.Name);

    /// <summary>A string field as Go sees it after decoding: unset is the empty string.</summary>
    public static string StringOrEmpty(Field<string> field) => field.IsSet ? field.Value : "";

    /// <summary>Go's <c>%q</c> for ordinary strings: double quotes, backslash escapes.</summary>
    public static string GoQuote(string value)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var ch in value)
        {
            sb.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(ch) => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
