using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Tests.Generate;
using Xunit.Abstractions;

namespace Stockade.Tests.Integrations;

/// <summary>.pre-commit-hooks.yaml run by Debian's pre-commit (`pre-commit try-repo`) on a temporary repository.</summary>
public class PreCommitHookTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private Dictionary<string, string> Env() => new()
    {
        ["PATH"] = Manifests.PathWithStockade(),
        ["HOME"] = _tree.Root,
        ["PRE_COMMIT_HOME"] = _tree.PathOf("pre-commit-cache"),
        ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.com",
        ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.com",
    };

    private ShellRun Git(string repo, params string[] args) => Shell.Run("git", ["-C", repo, .. args], Env());

    /// <summary>A repository holding only the hooks file, as a user's clone of Stockade at a tag would.</summary>
    private string HooksRepository()
    {
        var repo = _tree.PathOf("hooks");
        Directory.CreateDirectory(repo);
        File.Copy(RepositoryFiles.PathOf(".pre-commit-hooks.yaml"), Path.Combine(repo, ".pre-commit-hooks.yaml"));
        Git(repo, "init", "-q");
        Git(repo, "add", ".");
        Assert.Equal(0, Git(repo, "commit", "-q", "-m", "hooks").ExitCode);
        return repo;
    }

    private ShellRun TryRepo(string hook, Action<string> stage)
    {
        var hooks = HooksRepository();
        var project = _tree.PathOf("project");
        Directory.CreateDirectory(project);
        Git(project, "init", "-q");
        stage(project);
        return Shell.Run("pre-commit", ["try-repo", hooks, hook], Env(), workingDirectory: project);
    }

    [Fact]
    public void Staged_insecure_manifest_fails_the_commit_and_unstaged_files_are_not_read()
    {
        if (!Shell.Has("pre-commit", "pre-commit", output)) return;
        var run = TryRepo("stockade-scan", project =>
        {
            File.WriteAllText(Path.Combine(project, "bad.yaml"), Manifests.Privileged);
            File.WriteAllText(Path.Combine(project, "ok.yaml"), Manifests.Restricted);
            Git(project, "add", "bad.yaml", "ok.yaml");
            File.WriteAllText(Path.Combine(project, "unstaged.yaml"), Manifests.Privileged.Replace("name: root", "name: unstaged"));
        });
        Assert.True(run.ExitCode == 1, run.Output);
        Assert.Contains("bad.yaml", run.Output);
        Assert.Contains("privileged", run.Output);
        Assert.DoesNotContain("unstaged", run.Output);
    }

    [Fact]
    public void Staged_clean_manifest_passes_the_restricted_hook()
    {
        if (!Shell.Has("pre-commit", "pre-commit", output)) return;
        var run = TryRepo("stockade-restricted", project =>
        {
            File.WriteAllText(Path.Combine(project, "ok.yaml"), Manifests.Restricted);
            File.WriteAllText(Path.Combine(project, "README.md"), Manifests.Privileged);
            Git(project, "add", ".");
        });
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Passed", run.Output);
    }
}
