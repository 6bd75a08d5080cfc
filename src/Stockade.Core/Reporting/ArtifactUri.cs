namespace Stockade.Reporting;

/// <summary>
/// A scanned file as a URI reference for formats that want one (SARIF): relative paths with
/// forward slashes against <c>%SRCROOT%</c>, so code scanning can match them to the repository;
/// absolute paths outside the base folder as <c>file:</c> URIs.
/// </summary>
internal static class ArtifactUri
{
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>Standard input has no path; this names it.</summary>
    public const string StdinUri = "stdin";

    /// <param name="file">The file as the scan named it.</param>
    /// <param name="baseDirectory">Absolute paths under this folder are made relative to it.</param>
    /// <returns>The URI reference, and <see cref="SourceRoot"/> when it is relative.</returns>
    public static (string Uri, string? UriBaseId) Of(string file, string? baseDirectory)
    {
        if (file == "<stdin>") return (StdinUri, null);
        // Objects read from a live cluster by stockade audit are already absolute URIs.
        if (file.StartsWith("cluster://", StringComparison.Ordinal)) return (file, null);
        var path = file;
        if (Path.IsPathFullyQualified(path))
        {
            if (baseDirectory != null && Relative(path, baseDirectory) is { } relative) path = relative;
            else return (new Uri(Path.GetFullPath(path)).AbsoluteUri, null);
        }
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(s => s == ".")
            .Select(Uri.EscapeDataString);
        return (string.Join('/', segments), SourceRoot);
    }

    private static string? Relative(string path, string baseDirectory)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(baseDirectory), Path.GetFullPath(path));
        var outside = relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || relative.StartsWith("..\\", StringComparison.Ordinal);
        return outside || Path.IsPathRooted(relative) ? null : relative;
    }
}
