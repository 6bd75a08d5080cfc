using System.Text;
using Stockade.Cli.Options;
using Stockade.Config;
using Stockade.Engine;
using Stockade.PolicyTests;
using Stockade.Vap;
using Stockade.Rules.Custom;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary>
/// <c>stockade test</c>: runs <c>StockadeTest</c> files (policies, resources and the expected
/// result per resource) with the same engine and option handling as <c>scan --policy</c>, so a
/// policy kept under test in CI is the policy scan, serve and audit enforce.
/// </summary>
internal static class TestCommand
{
    internal static readonly CommandSpec Spec = new(
        "test",
        "run policy tests: policies, resources and the expected result per resource",
        "stockade test PATH...",
        $"""
        Runs each test file (apiVersion: {PolicyTestFile.ApiVersion}, kind: {PolicyTestFile.Kind}) given, and for a folder
        every {PolicyTestFile.FileName} (or .yml) under it: the policies it names are loaded as with scan --policy (with
        its profile, default none, and the custom rules of the .stockade.yaml its config: names), its resources are
        scanned, and each expected result is checked. Each case is
        printed with its file:line:column, and what differed when it failed.
        """,
        [VapOption.VersionSpec, VapOption.RequestUserSpec, VapOption.RequestGroupSpec],
        "Exit codes: 0 every case passed; 1 a case failed; 2 usage error, a file that cannot be read, or a case naming a resource or rule the run does not have.");

    public static int Run(string[] args, Stream stdout)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count == 0) throw new UsageException("test needs at least one PATH (a test file, or a folder of them)");
        var report = new StringBuilder();
        int passed = 0, failed = 0, errors = 0;
        foreach (var file in Find(a.Positionals, report, ref errors))
        {
            var outcomes = RunFile(file, report, ref errors, VapOption.Settings(a));
            foreach (var o in outcomes)
            {
                var word = o.Error ? "error" : o.Passed ? "pass" : "FAIL";
                if (o.Error) errors++;
                else if (o.Passed) passed++;
                else failed++;
                report.Append($"{file}:{o.Case.Line}:{o.Case.Column}: {word}: {o.Case.Title} (expected {(o.Case.ExpectFail ? "fail" : "pass")}): {o.Detail}\n");
            }
        }
        report.Append($"{passed + failed} case{(passed + failed == 1 ? "" : "s")}: {passed} passed, {failed} failed{(errors > 0 ? $", {errors} error{(errors == 1 ? "" : "s")}" : "")}\n");
        CommandLine.WriteText(stdout, report.ToString());
        return errors > 0 ? ExitCodes.Error : failed > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>The test files: each file given, and every test file under each folder given (in name order); a folder with none is an error.</summary>
    private static List<string> Find(IReadOnlyList<string> paths, StringBuilder report, ref int errors)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.ReparsePoint };
                List<string> found;
                try
                {
                    found = new[] { PolicyTestFile.FileName, Path.ChangeExtension(PolicyTestFile.FileName, ".yml") }
                        .SelectMany(n => Directory.EnumerateFiles(path, n, options)).Order(StringComparer.Ordinal).ToList();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A folder that cannot be listed may hold tests: never a silent pass.
                    report.Append($"{path}: error: cannot list: {e.Message}\n");
                    errors++;
                    continue;
                }
                if (found.Count == 0)
                {
                    report.Append($"{path}: error: no {PolicyTestFile.FileName} under this folder\n");
                    errors++;
                }
                files.AddRange(found);
            }
            else
            {
                report.Append($"{path}: error: no such file or folder\n");
                errors++;
            }
        }
        return files;
    }

    /// <summary>The outcomes of one file's cases; none, with an error in the report, when the file or what it names cannot be used.</summary>
    private static IReadOnlyList<PolicyTestOutcome> RunFile(string file, StringBuilder report, ref int errors, VapSettings settings)
    {
        try
        {
            var test = PolicyTestReader.Parse(File.ReadAllText(file), file);
            var folder = Path.GetDirectoryName(file) ?? ".";
            var policies = Resolve(test, folder, test.Policies, "policies");
            var resources = Resolve(test, folder, test.Resources, "resources");
            var config = LoadConfig(test, folder);
            var profile = PspOption.FromInput(CustomRules.Join(ScanCommand.ResolveProfile(test.Profile ?? Profiles.ProfileRegistry.NoneName), config), policies, bundle: false, authorization: null, settings);
            var inputErrors = new List<ScanError>();
            var inputs = InputCollector.Collect(resources, () => Stream.Null, inputErrors);
            using var spool = new TempFileSpool(ScanCommand.DefaultMaxSpoolBytes);
            var result = new Scanner(new ScanOptions
            {
                Profile = profile,
                Config = config,
                Today = ScanCommand.Date(null),
                BundleFromInput = true,
                FieldValidation = Kube.Schema.FieldValidation.Strict,
                Spool = spool,
                MaxParallelism = 1,
            }).Scan(inputs);
            var scanErrors = inputErrors.Concat(result.Errors).ToList();
            if (scanErrors.Count > 0)
            {
                // A resource that could not be read would make its cases meaningless: the file is not judged.
                foreach (var e in scanErrors) report.Append($"{e.File}:{e.Line}:{e.Column}: error: {e.Message}\n");
                report.Append($"{file}: error: its resources could not all be read; no case judged\n");
                errors++;
                return [];
            }
            // What the scan did not judge (a document that is not an object, a policy in a resource
            // file not applied) is said, so a case cannot pass on something read in silence.
            foreach (var n in result.Notes) report.Append($"{n.File}:{n.Line}:{n.Column}: note: {n.Message}\n");
            return PolicyTestJudge.Judge(test, result);
        }
        catch (PolicyTestFileException e)
        {
            report.Append($"{e.Where}: error: {e.Problem}\n");
        }
        catch (UsageException e)
        {
            // A policy the API server would refuse, or a profile that does not exist: as scan --policy says it.
            report.Append($"{file}: error: {e.Message}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Append($"{file}: error: cannot read: {e.Message}\n");
        }
        errors++;
        return [];
    }

    /// <summary>The test's <c>config:</c> (its custom rules join the run); the built-in defaults without one, never a .stockade.yaml found by chance.</summary>
    private static StockadeConfig LoadConfig(PolicyTestFile test, string folder)
    {
        if (test.Config == null) return StockadeConfig.Default;
        var path = Resolve(test, folder, [test.Config], "config")[0];
        try
        {
            return ConfigLoader.Load(path, Rules.Catalog.Ids);
        }
        catch (ConfigException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static List<string> Resolve(PolicyTestFile test, string folder, IReadOnlyList<string> names, string key)
    {
        var paths = names.Select(n => Path.Combine(folder, n)).ToList();
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (missing.Count > 0) throw new PolicyTestFileException(test.File, $"{key}: {string.Join(", ", missing)}: no such file");
        return paths;
    }
}
