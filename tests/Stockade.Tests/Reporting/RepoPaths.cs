namespace Stockade.Tests.Reporting;

/// <summary>Finds files of the repository and of the shared folder beside it, wherever the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <c>shared/schemas/NAME</c>: beside the repository in CI (<c>../shared</c>), and further up
    /// in a developer's worktree.
    /// </summary>
    public static string SharedSchema(string name)
    {
        for (var dir = Directory.GetParent(Root); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "schemas", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"shared/schemas/{name} not found beside or above {Root}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stockade.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Stockade.sln above {AppContext.BaseDirectory}");
    }
}
