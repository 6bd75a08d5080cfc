namespace Stockade.Kube;

/// <summary>Capability names compared the way container runtimes compare them.</summary>
internal static class Capabilities
{
    /// <summary>
    /// Upper case without the <c>CAP_</c> prefix: containerd, CRI-O and Docker all upper-case the
    /// name and add <c>CAP_</c> when missing, so <c>sys_admin</c>, <c>SYS_ADMIN</c> and
    /// <c>CAP_SYS_ADMIN</c> are one capability. They upper-case with Go's <c>strings.ToUpper</c>,
    /// which also maps the dotless <c>ı</c> and the long <c>ſ</c> to ASCII <c>I</c> and <c>S</c>
    /// (<c>ſys_admin</c> is CAP_SYS_ADMIN to CRI-O); .NET's invariant upper case leaves those two as
    /// they are, so they are mapped here.
    /// </summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper.AsSpan().IndexOfAny('\u0131', '\u017F') >= 0) upper = upper.Replace('\u0131', 'I').Replace('\u017F', 'S');
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

    /// <summary>True when the list contains <paramref name="capability"/> or ALL, compared as the runtime does.</summary>
    public static bool ContainsOrAll(IEnumerable<Field<string>> list, string capability) =>
        list.Any(c => Normalize(c.Value) is var n && (n == "ALL" || n == capability));

    public static bool Contains(IEnumerable<Field<string>> list, string capability) => list.Any(c => Normalize(c.Value) == capability);
}
