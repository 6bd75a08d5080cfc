using System.Diagnostics;
using System.Text;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Hostile;

/// <summary>
/// Runs the built <c>stockade</c> executable as a user runs it: a real process with real file
/// descriptors, through bash where a shell feature (<c>&lt;(…)</c>, redirections) is the case under
/// test. Every run is bounded, so a hang fails the test instead of blocking CI.
/// </summary>
internal static class InputProcess
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The apphost the test project's build puts beside the tests, or STOCKADE_UNDER_TEST (to
    /// show that these tests fail on another build, e.g. main's).
    /// </summary>
    public static string Executable { get; } = Environment.GetEnvironmentVariable("STOCKADE_UNDER_TEST")
        ?? Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "stockade.exe" : "stockade");

    /// <summary>Runs <c>stockade ARGS…</c> in <paramref name="workingDirectory"/>.</summary>
    public static CliRun Run(string workingDirectory, params string[] args) => Start(Executable, args, workingDirectory, asNobody: false);

    /// <summary>Runs <paramref name="script"/> with bash; <c>$STOCKADE</c> is the executable.</summary>
    public static CliRun Bash(string workingDirectory, string script) => Start("/bin/bash", ["-c", script], workingDirectory, asNobody: false);

    /// <summary>
    /// Runs <c>stockade ARGS…</c> as an unprivileged user, so file permissions apply (CI runs as
    /// root, which reads everything): uid and gid 65534 (nobody) through setpriv when root.
    /// </summary>
    public static CliRun RunUnprivileged(string workingDirectory, params string[] args) => Start(Executable, args, workingDirectory, asNobody: Environment.UserName == "root");

    /// <summary>A started <c>stockade</c> with its standard input open, for streaming tests.</summary>
    public static Process StartInteractive(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var info = Info(Executable, args, workingDirectory, asNobody: false);
        info.RedirectStandardInput = true;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return Process.Start(info)!;
    }

    private static ProcessStartInfo Info(string file, IReadOnlyList<string> args, string workingDirectory, bool asNobody)
    {
        var info = asNobody
            ? new ProcessStartInfo("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", file, .. args])
            : new ProcessStartInfo(file, args);
        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.Environment["STOCKADE"] = Executable;
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    private static CliRun Start(string file, IReadOnlyList<string> args, string workingDirectory, bool asNobody)
    {
        using var p = Process.Start(Info(file, args, workingDirectory, asNobody))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Bound))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"stockade {string.Join(' ', args)} did not finish within {Bound.TotalSeconds} s (a hang)");
        }
        return new CliRun(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Reads lines from <paramref name="reader"/> until one contains <paramref name="text"/>; fails after the bound.</summary>
    public static string WaitForLine(StreamReader reader, string text)
    {
        var seen = new StringBuilder();
        var reading = Task.Run(() =>
        {
            while (reader.ReadLine() is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains(text, StringComparison.Ordinal)) return line;
            }
            return null;
        });
        if (!reading.Wait(Bound)) Assert.Fail($"no line with \"{text}\" within {Bound.TotalSeconds} s; output so far:\n{seen}");
        return reading.Result ?? throw new Xunit.Sdk.XunitException($"output ended without a line with \"{text}\":\n{seen}");
    }
}

/// <summary>Manifests the hostile-input tests feed in.</summary>
internal static class Manifests
{
    public const string PrivilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: evil
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
              privileged: true

        """;

    /// <summary>A temporary folder that another user can read (the default temp folder is shared).</summary>
    public static TempTree ReadableTree()
    {
        var tree = new TempTree();
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tree.Root, (UnixFileMode)0b111_101_101);
        return tree;
    }
}
