// Scans the YAML and JSON files under a folder with a profile, prints each finding and the
// summary, and exits as `stockade scan` does (0 passed, 1 failed, 2 incomplete).
//   dotnet run --project samples/ScanFolder -- FOLDER [PROFILE] [FORMAT]
// PROFILE: hardened (the default), restricted, baseline, privileged, cluster, ...;
// FORMAT: write the report of that format (text, json, sarif, junit, html) instead of the lines.
using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Reporting;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: ScanFolder FOLDER [PROFILE] [FORMAT]");
    return 2;
}
var folder = args[0];
Profile profile;
StockadeConfig config;
try
{
    profile = ProfileRegistry.Resolve(args.Length > 1 ? args[1] : ProfileRegistry.DefaultName);
    // The folder's .stockade.yaml (rule toggles, severities, exemptions), found as `stockade scan` finds it.
    var configFile = ConfigLoader.FindUpward(folder);
    config = configFile == null ? StockadeConfig.Default : ConfigLoader.Load(configFile);
}
catch (Exception e) when (e is UnknownProfileException or ConfigException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var inputs = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
    .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json")
    .Order(StringComparer.Ordinal)
    .Select(f => new ScanInput(f, () => File.OpenRead(f)))
    .ToList();

var scanner = new Scanner(new ScanOptions
{
    Profile = profile,
    Config = config,
    // The engine reads no clock: the host says what day exemptions' expiry dates are compared with.
    Today = DateOnly.FromDateTime(DateTime.UtcNow),
});
ScanResult result = scanner.Scan(inputs);

if (args.Length > 2)
{
    var reporter = ReporterRegistry.Find(args[2]);
    if (reporter == null)
    {
        Console.Error.WriteLine($"unknown format {args[2]} (known: {string.Join(", ", ReporterRegistry.Formats)})");
        return 2;
    }
    using var stdout = Console.OpenStandardOutput();
    reporter.Write(result, stdout, new ReportOptions());
}
else
{
    foreach (var f in result.Findings.Where(f => !f.Suppressed))
    {
        Console.WriteLine($"{f.File}:{f.Line}:{f.Column}: {f.Severity.Name()} {f.Rule} {f.Object.Kind}/{f.Object.Name}: {f.Message}");
    }
    foreach (var e in result.Errors) Console.WriteLine($"{e.File}:{e.Line}:{e.Column}: error: {e.Message}");
    Summary s = result.Summary;
    Console.WriteLine($"{s.Files} files, {s.Objects} objects ({s.Passed} passed, {s.Failed} failed), " +
                      $"{s.Findings} findings, {s.Suppressed} suppressed, {s.Errors} errors");
}
return result.Outcome switch
{
    RunOutcome.Passed => 0,
    RunOutcome.Failed => 1,
    _ => 2,
};
