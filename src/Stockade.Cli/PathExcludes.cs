using System.Text;
using System.Text.RegularExpressions;

namespace Stockade.Cli;

/// <summary>One exclude pattern, the folder it is relative to, and where it was given (for the note).</summary>
internal sealed record ExcludePattern(string Glob, string BaseDirectory, string Origin);

/// <summary>
/// The paths a scan leaves out (<c>--exclude GLOB</c>, <c>exclude:</c> in <c>.stockade.yaml</c>).
/// A pattern is matched against a path relative to its base folder (the configuration file's
/// folder, or the current folder for <c>--exclude</c>), with <c>/</c> separators: <c>**</c> is
/// any number of folders, <c>*</c> any characters but <c>/</c>, <c>?</c> one. A pattern without
/// <c>/</c> matches a file or folder name at any depth; with one it is anchored at the base
/// folder (a leading <c>/</c> or <c>./</c> is dropped). A matched folder excludes everything under
/// it. A path outside the base folder is matched as it was given. Every excluded path is a note, so what was not read is always shown (<c>-v</c>) and counted.
/// </summary>
internal sealed class PathExcludes(IReadOnlyList<ExcludePattern> patterns)
{
    // The base folder's full path is resolved once per pattern, not once per path matched.
    private readonly List<(ExcludePattern Pattern, Regex Regex, bool Anchored, string FullBase)> _compiled =
        patterns.Select(p => (p, Compile(Normal(p.Glob)), Normal(p.Glob).Contains('/'), Path.GetFullPath(p.BaseDirectory))).ToList();

    public static readonly PathExcludes None = new([]);

    public bool IsEmpty => _compiled.Count == 0;

    /// <summary>The pattern that excludes <paramref name="path"/> (a file or folder), or null.</summary>
    public ExcludePattern? Match(string path)
    {
        if (_compiled.Count == 0) return null;
        var full = Path.GetFullPath(path);
        foreach (var (pattern, regex, anchored, fullBase) in _compiled)
        {
            var relative = Path.GetRelativePath(fullBase, full).Replace('\\', '/');
            if (relative == ".") continue;
            // Outside the base folder a path is matched as it was given.
            if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)) relative = Normal(path);
            var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
            // Every leading part of the path, so that a matched folder takes what is under it.
            for (var n = 1; n <= segments.Length; n++)
            {
                var candidate = anchored ? string.Join('/', segments.Take(n)) : segments[n - 1];
                if (regex.IsMatch(candidate)) return pattern;
            }
        }
        return null;
    }

    /// <summary>The note for an excluded path.</summary>
    public static string Note(ExcludePattern p) => $"not scanned: excluded by \"{p.Glob}\" ({p.Origin})";

    private static string Normal(string glob)
    {
        var g = glob.Replace('\\', '/');
        if (g.StartsWith("./", StringComparison.Ordinal)) g = g[2..];
        g = g.TrimStart('/').TrimEnd('/');
        // A leading **/ is what a pattern without / means anyway.
        while (g.StartsWith("**/", StringComparison.Ordinal) && !g[3..].Contains('/')) g = g[3..];
        return g;
    }

    private static Regex Compile(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" is zero or more folders; a trailing "**" is anything.
                if (i + 2 < glob.Length && glob[i + 2] == '/')
                {
                    sb.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    sb.Append(".*");
                    i++;
                }
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
