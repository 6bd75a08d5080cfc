using System.Diagnostics;
using Xunit.Abstractions;

namespace Stockade.Tests.Generate;

/// <summary>What one shell command did.</summary>
public sealed record ShellRun(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>
/// Runs generated scripts and the tools that check them as a person would on a node, with a
/// bounded wait (a hung script fails the test instead of hanging the run).
/// </summary>
public static class Shell
{
    public static ShellRun Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (workingDirectory != null) start.WorkingDirectory = workingDirectory;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in 120 s");
        }
        return new ShellRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static ShellRun Bash(string command, IReadOnlyDictionary<string, string>? env = null) => Run("/bin/bash", ["-c", command], env);

    /// <summary>The scripts and stubs are for Linux nodes: the tests that run them run only there.</summary>
    public static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the node scripts run on Linux");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the node scripts run on Linux");
        return File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute);
    }

    /// <summary>Whether a tool is installed; in CI (where .ci/run installs it) a missing one fails the test rather than skipping it.</summary>
    /// <summary>
    /// A tool that is not a Debian package (kpt comes from Google's apt repository, which this
    /// workplace does not reach): used where the machine has it, never required of CI.
    /// </summary>
    public static bool HasOptional(string tool, ITestOutputHelper output)
    {
        if (Bash($"command -v {tool}").ExitCode == 0) return true;
        output.WriteLine($"{tool} is not installed and is not a Debian package; not checked");
        return false;
    }

    public static bool Has(string tool, string package, ITestOutputHelper output)
    {
        if (Bash($"command -v {tool}").ExitCode == 0) return true;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{tool} is missing: .ci/run must install Debian's {package} before the tests");
        output.WriteLine($"{tool} is missing (apt-get install {package}); not checked");
        return false;
    }
}
