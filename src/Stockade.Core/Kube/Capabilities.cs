namespace Stockade.Kube;

/// <summary>
/// Capability names compared the way container runtimes compare them. An added capability counts
/// in every spelling some runtime grants (a finding too many is the safe side); a dropped one only
/// in the spelling every runtime drops (a capability kept while the report says it is gone is a
/// false "safe").
/// </summary>
internal static class Capabilities
{
    /// <summary>
    /// Upper case without the <c>CAP_</c> prefix, trimmed: every spelling some runtime grants as
    /// the same capability. CRI-O keeps a <c>CAP_</c> prefix it finds and adds it otherwise, so
    /// <c>sys_admin</c>, <c>SYS_ADMIN</c> and <c>CAP_SYS_ADMIN</c> are one capability there.
    /// </summary>
    public static string Normalize(string name)
    {
        var upper = GoUpper(name.Trim());
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

    /// <summary>
    /// The name a <c>capabilities.drop</c> entry removes on every runtime: upper case, nothing
    /// else. containerd's CRI builds <c>"CAP_" + strings.ToUpper(entry)</c> for each drop without
    /// trimming it or looking for a prefix, and matches ALL case-insensitively but exactly; so
    /// <c>CAP_NET_RAW</c> becomes CAP_CAP_NET_RAW and <c>" ALL"</c> is no ALL, and neither drops
    /// anything there, while CRI-O drops both.
    /// </summary>
    public static string DroppedName(string entry) => GoUpper(entry);

    /// <summary>True when the drop list removes <paramref name="capability"/> on every runtime.</summary>
    public static bool Drops(IEnumerable<Field<string>> drop, string capability) => drop.Any(c => DroppedName(c.Value) == capability);

    /// <summary>True when the drop list removes <paramref name="capability"/>, or ALL, on every runtime.</summary>
    public static bool DropsOrAll(IEnumerable<Field<string>> drop, string capability) =>
        drop.Any(c => DroppedName(c.Value) is var n && (n == "ALL" || n == capability));

    /// <summary>
    /// For a finding's message: "; capabilities.drop "CAP_NET_RAW" drops nothing on containerd …"
    /// when an entry some runtime reads as one of <paramref name="capabilities"/> is not dropped by
    /// containerd (a <c>CAP_</c> prefix, spaces); empty when there is none.
    /// </summary>
    public static string DropHint(IEnumerable<Field<string>> drop, params string[] capabilities)
    {
        foreach (var entry in drop)
        {
            var name = Normalize(entry.Value);
            if (Array.IndexOf(capabilities, name) >= 0 && DroppedName(entry.Value) != name)
                return $"; capabilities.drop \"{entry.Value}\" drops nothing on containerd, which adds CAP_ itself and does not trim: write {name}";
        }
        return "";
    }

    /// <summary>True when the add list grants <paramref name="capability"/> on some runtime.</summary>
    public static bool Adds(IEnumerable<Field<string>> add, string capability) => add.Any(c => Normalize(c.Value) == capability);

    /// <summary>
    /// Go's <c>strings.ToUpper</c>, which the runtimes use, as far as capability names go: it also
    /// maps the dotless <c>ı</c> and the long <c>ſ</c> to ASCII <c>I</c> and <c>S</c>
    /// (<c>ſys_admin</c> is CAP_SYS_ADMIN to CRI-O and containerd); .NET's invariant upper case
    /// leaves those two as they are, so they are mapped here.
    /// </summary>
    private static string GoUpper(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper.AsSpan().IndexOfAny('\u0131', '\u017F') >= 0 ? upper.Replace('\u0131', 'I').Replace('\u017F', 'S') : upper;
    }
}
