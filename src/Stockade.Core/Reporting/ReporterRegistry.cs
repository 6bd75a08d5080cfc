namespace Stockade.Reporting;

/// <summary>The output formats, by <c>--format</c> name.</summary>
public static class ReporterRegistry
{
    private static readonly IReporter[] Reporters = [new TextReporter(), new JsonReporter(), new SarifReporter(), new JUnitReporter(), new HtmlReporter()];

    public static IReadOnlyList<string> Formats => Reporters.Select(r => r.Format).ToList();

    public static IReporter? Find(string format) => Reporters.FirstOrDefault(r => r.Format == format);
}
