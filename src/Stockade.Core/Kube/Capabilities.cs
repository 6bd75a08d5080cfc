namespace Stockade.Kube;

/// <summary>Capability names compared the way container runtimes compare them.</summary>
internal static class Capabilities
{
    /// <summary>
    /// Upper case without the <c>CAP_</c> prefix: containerd, CRI-O and Docker all upper-case the
    /// name and add <c>CAP_</c> when missing, so <c>sys_admin</c>, <c>SYS_ADMIN</c> and
    /// <c>CAP_SYS_ADMIN</c> are one capability.
    /// </summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

    /// <summary>True when the list contains <paramref name="capability"/> or ALL, compared as the runtime does.</summary>
    public static bool ContainsOrAll(IEnumerable<Field<string>> list, string capability) =>
        list.Any(c => Normalize(c.Value) is var n && (n == "ALL" || n == capability));

    public static bool Contains(IEnumerable<Field<string>> list, string capability) => list.Any(c => Normalize(c.Value) == capability);
}
