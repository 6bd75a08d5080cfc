using Stockade.Engine;
using Stockade.Reporting;
using static Stockade.Tests.Reporting.ReportFixtures;

namespace Stockade.Tests.Reporting;

public class TextReporterTests
{
    private static string Text(ScanResult result, bool color = false, bool verbose = false) =>
        Render(new TextReporter(), result, new ReportOptions { Color = color, Verbose = verbose });

    [Fact]
    public void Findings_are_editor_style_lines_with_a_summary_last()
    {
        var text = Text(Scan([("k8s/a.yaml", PrivilegedPod())]));
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Contains("k8s/a.yaml:12:7: critical privileged-container container \"app\" runs privileged (securityContext.privileged=true) [Pod/shop/p]", lines);
        Assert.Matches(@"^2 findings \(1 critical, 1 high\); 1 object in 1 file: 0 passed, 1 failed; profile hardened, fail on high and above$", lines[^1]);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void Colour_only_when_asked()
    {
        var result = Scan([("a.yaml", PrivilegedPod()), ("bad.yaml", "a: [\n")]);
        Assert.DoesNotContain('\u001b', Text(result, color: false));
        var colored = Text(result, color: true);
        Assert.Contains("\u001b[1;31mcritical\u001b[0m", colored);
        Assert.Contains("\u001b[31merror\u001b[0m", colored);
    }

    [Fact]
    public void Clean_scan_says_no_findings()
    {
        var text = Text(Scan([("a.yaml", CleanPod)]));
        Assert.StartsWith("no findings; 1 object in 1 file: 1 passed, 0 failed", text);
    }

    [Fact]
    public void Errors_without_position_show_the_file_alone_and_are_counted()
    {
        var lines = Text(ScanUnreadable("gone.yaml")).TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.StartsWith("gone.yaml: error: cannot read: permission denied"));
        Assert.Contains("1 error", lines[^1]);
    }

    [Fact]
    public void Suppressed_findings_show_only_when_verbose()
    {
        var annotated = PrivilegedPod("p", "  annotations:\n    exempt.stockade.dev/privileged-container: \"CNI plugin\"");
        var result = Scan([("a.yaml", annotated)]);
        var quiet = Text(result);
        Assert.DoesNotContain("privileged-container", quiet);
        Assert.Contains("1 suppressed (1 exempted; --verbose shows them)", quiet);
        Assert.Contains("a.yaml:13:7: critical privileged-container", Text(result, verbose: true));
        Assert.Contains("(suppressed: CNI plugin (annotation exempt.stockade.dev/privileged-container))", Text(result, verbose: true));
    }
}
