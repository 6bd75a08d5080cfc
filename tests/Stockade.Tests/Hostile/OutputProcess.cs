using System.Diagnostics;
using Stockade.Tests.Cli;
using Stockade.Tests.Reporting;

namespace Stockade.Tests.Hostile;

/// <summary>
/// Runs the built CLI as a user runs it (<c>dotnet stockade.dll …</c>) through <c>/bin/sh</c>, so
/// a test can redirect its standard output to a device or limit the size of the files it writes.
/// </summary>
public static class OutputProcess
{
    /// <summary>The CLI built in the same configuration as these tests.</summary>
    public static string Dll { get; } = Path.Combine(RepoPaths.Root, "src", "Stockade.Cli", "bin",
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release", "net10.0", "stockade.dll");

    /// <summary>Runs <c>stockade ARGS</c> after <paramref name="shellPrefix"/> (e.g. <c>ulimit -f 100;</c>), with <paramref name="redirect"/> after it.</summary>
    public static CliRun Run(string shellPrefix, string redirect, params string[] args)
    {
        var command = $"{shellPrefix} exec dotnet {Quote(Dll)} {string.Join(' ', args.Select(Quote))} {redirect}";
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = redirect.Length == 0,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        // The runtime double-maps executable memory through a file by default, which a file-size
        // limit (ulimit -f) would refuse before the CLI even starts.
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using var process = Process.Start(start)!;
        var stdout = start.RedirectStandardOutput ? process.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
