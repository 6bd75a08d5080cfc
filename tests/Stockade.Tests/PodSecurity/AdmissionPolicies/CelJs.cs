using System.Diagnostics;

namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>
/// The independent cel-js engine (npm <c>@marcbachmann/cel-js</c>, pinned), installed at test
/// time into a cache folder (<c>STOCKADE_CEL_JS_DIR</c>, which .ci/run fills, or one under the
/// temp folder), never into the repository. Missing node or npm fails in CI and skips locally.
/// </summary>
internal static class CelJs
{
    public const string Package = "@marcbachmann/cel-js@8.0.0";

    public static string ScriptPath => Path.Combine(RepositoryRoot(), "tests", "Stockade.Tests", "PodSecurity", "AdmissionPolicies", "evaluate-with-cel-js.mjs");

    /// <summary>The folder holding node_modules/@marcbachmann/cel-js, or null (with the reason) when it cannot be had here.</summary>
    public static string? Install(out string reason)
    {
        var dir = Environment.GetEnvironmentVariable("STOCKADE_CEL_JS_DIR") is { Length: > 0 } d
            ? d
            : Path.Combine(Path.GetTempPath(), "stockade-cel-js-8.0.0");
        reason = "";
        if (Installed(dir)) return dir;
        if (!OnPath("node") || !OnPath("npm"))
        {
            reason = "node and npm are not on PATH (apt-get install nodejs npm)";
            return null;
        }
        // Installed beside and renamed into place, so concurrent test runs never see half an install.
        var staging = dir + ".staging-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        var (code, output) = Run("npm", ["install", "--prefix", staging, "--no-audit", "--no-fund", "--no-save", Package], TimeSpan.FromMinutes(3));
        if (code != 0 || !Installed(staging))
        {
            reason = $"npm install {Package} failed ({code}): {output}";
            return null;
        }
        try
        {
            Directory.Move(staging, dir);
        }
        catch (IOException) when (Installed(dir))
        {
            Directory.Delete(staging, recursive: true); // another run installed it first
        }
        return dir;
    }

    private static bool Installed(string dir) => File.Exists(Path.Combine(dir, "node_modules", "@marcbachmann", "cel-js", "lib", "index.js"));

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(p => p.Length > 0 && File.Exists(Path.Combine(p, tool)));

    public static (int Code, string Output) Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Stockade.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Stockade.sln above {AppContext.BaseDirectory}");
    }
}
