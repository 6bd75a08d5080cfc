using System.Text;
using Stockade.Cli;

namespace Stockade.Tests.Cli;

/// <summary>What one <c>stockade</c> invocation produced.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the command line in process, with standard input and output in memory.</summary>
public static class CliHarness
{
    public static async Task<CliRun> Run(params string[] args) => await RunWithStdin("", args);

    public static async Task<CliRun> RunWithStdin(string stdin, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, new StringReader(stdin), () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)), stdout, stderr, stdoutIsTerminal: false);
        return new CliRun(exit, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}

/// <summary>A temporary folder of files, removed afterwards.</summary>
public sealed class TempTree : IDisposable
{
    public string Root { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "stockade-tests-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
