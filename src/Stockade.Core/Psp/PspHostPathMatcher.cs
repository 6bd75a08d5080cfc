namespace Stockade.Psp;

/// <summary>How <c>allowedHostPaths</c> matched a host path (psputil.AllowsHostVolumePath).</summary>
internal static class PspHostPathMatcher
{
    /// <summary>
    /// Whether the path is allowed and whether it must then be mounted read-only. No entries
    /// allows every path. A writable entry that matches wins over read-only ones.
    /// </summary>
    public static (bool Allowed, bool MustBeReadOnly) Allows(PspPolicy psp, string hostPath)
    {
        if (psp.AllowedHostPaths.Count == 0) return (true, false);
        var allowed = false;
        var readOnly = false;
        foreach (var entry in psp.AllowedHostPaths)
        {
            if (!entry.PathPrefix.IsSet || !HasPathPrefix(hostPath, entry.PathPrefix.Value)) continue;
            if (!entry.ReadOnly) return (true, false);
            allowed = true;
            readOnly = true;
        }
        return (allowed, readOnly);
    }

    /// <summary>True when <paramref name="path"/> equals the prefix or continues it at a <c>/</c> boundary, both cleaned.</summary>
    public static bool HasPathPrefix(string path, string prefix)
    {
        path = Clean(path);
        prefix = Clean(prefix);
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return false;
        if (path.Length == prefix.Length) return true;
        return prefix[^1] == '/' || path[prefix.Length] == '/';
    }

    /// <summary>Go's <c>path.Clean</c>: no repeated slashes, no <c>.</c>, <c>..</c> resolved, no trailing slash.</summary>
    public static string Clean(string p)
    {
        if (p.Length == 0) return ".";
        var rooted = p[0] == '/';
        var parts = new List<string>();
        foreach (var seg in p.Split('/'))
        {
            if (seg.Length == 0 || seg == ".") continue;
            if (seg == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(seg);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
