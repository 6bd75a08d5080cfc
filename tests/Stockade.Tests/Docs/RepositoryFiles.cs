namespace Stockade.Tests.Docs;

/// <summary>Finds files of the repository the tests were built from.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Stockade.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Stockade.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
