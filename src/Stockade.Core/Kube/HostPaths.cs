namespace Stockade.Kube;

/// <summary>
/// Host paths compared by where they lead, not how they are spelled: <c>//proc/</c>,
/// <c>/etc/../etc/kubernetes</c> and <c>proc</c> must not slip past a check for <c>/proc</c> or <c>/etc</c>.
/// </summary>
internal static class HostPaths
{
    /// <summary>
    /// An absolute path with no empty, <c>.</c> or <c>..</c> segments and no trailing <c>/</c>.
    /// A relative path is treated as rooted, because the kubelet mounts it relative to <c>/</c>;
    /// <c>..</c> above the root stays at the root, as in the kernel. The API server rejects
    /// <c>..</c> segments, but a manifest scanned offline may never meet it. Symbolic links on
    /// the node are unknowable here and are not followed.
    /// </summary>
    public static string Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return "/" + string.Join('/', segments);
    }

    /// <summary>True when normalised <paramref name="path"/> is <paramref name="directory"/> or lies below it.</summary>
    public static bool IsSameOrBelow(string path, string directory) =>
        directory == "/" || path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary>True when normalised <paramref name="folder"/> strictly contains <paramref name="path"/>.</summary>
    public static bool IsAncestorOf(string folder, string path) => folder != path && IsSameOrBelow(path, folder);

    /// <summary>The last segment of a normalised path (empty for the root).</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
