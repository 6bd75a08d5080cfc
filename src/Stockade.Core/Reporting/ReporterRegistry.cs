namespace Stockade.Reporting;

/// <summary>The output formats, by <c>--format</c> name.</summary>
public static class ReporterRegistry
{
    private static readonly IReporter[] Reporters = [new TextReporter(), new JsonReporter(), new SarifReporter(), new JUnitReporter(), new HtmlReporter()];

    /// <summary>The format names, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<string> Formats => Reporters.Select(r => r.Format).ToList();

    /// <summary>The reporter of <paramref name="format"/>; null for an unknown name.</summary>
    public static IReporter? Find(string format) => Reporters.FirstOrDefault(r => r.Format == format);
}
