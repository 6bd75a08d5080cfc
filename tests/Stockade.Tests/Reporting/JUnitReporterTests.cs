using System.Xml.Linq;
using Stockade.Engine;
using Stockade.Reporting;
using static Stockade.Tests.Reporting.ReportFixtures;

namespace Stockade.Tests.Reporting;

public class JUnitReporterTests
{
    private static XElement Junit(ScanResult result) => XDocument.Parse(Render(new JUnitReporter(), result)).Root!;

    private static int Count(XElement e, string attribute) => int.Parse(e.Attribute(attribute)!.Value);

    private static XElement Case(XElement root, string name) =>
        Assert.Single(root.Descendants("testcase").Where(c => c.Attribute("name")!.Value == name).ToList());

    [Fact]
    public void One_suite_per_file_one_case_per_object_with_counts()
    {
        var root = Junit(Scan([("a.yaml", PrivilegedPod("p1") + "\n---\n" + CleanPod), ("b.yaml", PrivilegedPod("p2"))]));
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(3, Count(root, "tests"));
        Assert.Equal(2, Count(root, "failures"));
        Assert.Equal(0, Count(root, "errors"));

        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["a.yaml", "b.yaml"], suites.Select(s => s.Attribute("name")!.Value));
        Assert.Equal((2, 1, 0), (Count(suites[0], "tests"), Count(suites[0], "failures"), Count(suites[0], "errors")));
        Assert.Equal((1, 1, 0), (Count(suites[1], "tests"), Count(suites[1], "failures"), Count(suites[1], "errors")));

        var failing = Case(root, "Pod/shop/p1");
        Assert.Equal("a.yaml", failing.Attribute("classname")!.Value);
        var failure = Assert.Single(failing.Elements("failure").ToList());
        Assert.Equal("privileged-container", failure.Attribute("type")!.Value);
        Assert.Contains("runs privileged", failure.Attribute("message")!.Value);
        Assert.Contains("12:7 critical privileged-container container \"app\" runs privileged", failure.Value);

        var passing = Case(root, "Pod/shop/clean");
        Assert.Empty(passing.Elements("failure"));
        Assert.Equal(suites[0].Elements("testcase").Count(c => c.Element("failure") != null), Count(suites[0], "failures"));
    }

    [Fact]
    public void Findings_below_the_threshold_go_to_system_out_and_do_not_fail()
    {
        var config = ConfigFrom("rules:\n  privileged-container: medium\n  privilege-escalation-allowed: medium\n");
        var root = Junit(Scan([("a.yaml", PrivilegedPod())], config, failOn: Severity.High));
        Assert.Equal(0, Count(root, "failures"));
        var c = Case(root, "Pod/shop/p");
        Assert.Null(c.Element("failure"));
        Assert.Contains("12:7 medium privileged-container", c.Element("system-out")!.Value);
    }

    [Fact]
    public void Failure_lists_every_finding_at_or_above_the_threshold()
    {
        var pod = PrivilegedPod().Replace("      privileged: true", "      privileged: true\n      privileged: true");
        var root = Junit(Scan([("a.yaml", pod)], failOn: Severity.High));
        var failure = Case(root, "Pod/shop/p").Element("failure")!;
        var lines = failure.Value.Trim().Split('\n');
        Assert.Contains(lines, l => l.Contains("critical privileged-container"));
        Assert.Contains(lines, l => l.Contains("high duplicate-key"));
        Assert.Equal("privileged-container", failure.Attribute("type")!.Value);
    }

    [Fact]
    public void Suppressed_findings_do_not_fail_and_are_shown_with_their_reason()
    {
        var annotated = PrivilegedPod("p", "  annotations:\n    exempt.stockade.dev/privileged-container: \"CNI plugin\"\n    exempt.stockade.dev/privilege-escalation-allowed: \"CNI plugin\"");
        var root = Junit(Scan([("a.yaml", annotated)]));
        var c = Case(root, "Pod/shop/p");
        Assert.Null(c.Element("failure"));
        Assert.Contains("(suppressed: CNI plugin", c.Element("system-out")!.Value);
    }

    [Fact]
    public void Errors_are_cases_with_an_error_element()
    {
        var root = Junit(Scan([("bad.yaml", "a: [\n"), ("good.yaml", CleanPod)]));
        Assert.Equal(2, Count(root, "tests"));
        Assert.Equal(1, Count(root, "errors"));
        Assert.Equal(0, Count(root, "failures"));
        var bad = Assert.Single(root.Elements("testsuite").Where(s => s.Attribute("name")!.Value == "bad.yaml").ToList());
        Assert.Equal((1, 1), (Count(bad, "tests"), Count(bad, "errors")));
        var error = bad.Element("testcase")!.Element("error")!;
        Assert.Contains("syntax", error.Attribute("message")!.Value, StringComparison.OrdinalIgnoreCase);

        var unreadable = Junit(ScanUnreadable("gone.yaml"));
        var c = Assert.Single(unreadable.Descendants("testcase").ToList());
        Assert.Equal("gone.yaml", c.Attribute("classname")!.Value);
        Assert.Contains("permission denied", c.Element("error")!.Attribute("message")!.Value);
    }

    [Fact]
    public void Names_and_messages_are_escaped_and_control_characters_kept_readable()
    {
        var pod = PrivilegedPod("x").Replace("name: x", "name: \"a<b>&'q\\\"\\x01\"").Replace("name: app", "name: \"c<&>\"");
        var text = Render(new JUnitReporter(), Scan([("dir/<odd>&.yaml", pod)]));
        var root = XDocument.Parse(text).Root!;
        var c = Assert.Single(root.Descendants("testcase").ToList());
        Assert.Equal("Pod/shop/a<b>&'q\"\\u0001", c.Attribute("name")!.Value);
        Assert.Equal("dir/<odd>&.yaml", c.Attribute("classname")!.Value);
        Assert.Contains("container \"c<&>\" runs privileged", c.Element("failure")!.Value);
    }

    [Fact]
    public void Empty_scan_is_an_empty_report()
    {
        var root = Junit(Scan([]));
        Assert.Equal((0, 0, 0), (Count(root, "tests"), Count(root, "failures"), Count(root, "errors")));
        Assert.Empty(root.Elements());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u0001b", "a\\u0001b")]
    [InlineData("tab\tnew\nline", "tab\\u0009new\\u000Aline")]
    [InlineData("emoji \U0001F600", "emoji \U0001F600")]
    public void Xml_text_escapes_what_xml_cannot_hold_and_what_would_fake_a_line(string input, string expected)
    {
        Assert.Equal(expected, SafeText.Xml(input));
    }

    [Fact]
    public void Xml_text_writes_a_lone_surrogate_as_an_escape()
    {
        // Built at run time: attribute arguments cannot carry unpaired surrogates intact.
        Assert.Equal("lone \\uD800 surrogate", SafeText.Xml("lone " + (char)0xD800 + " surrogate"));
    }
}
