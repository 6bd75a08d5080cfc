using System.Text.Json;
using static Stockade.Tests.Cli.CliHarness;
using static Stockade.Tests.Reporting.ReportFixtures;

namespace Stockade.Tests.Cli;

/// <summary><c>.stockade.yaml</c> discovery, rule toggles, severity overrides and exemptions, end to end.</summary>
public class ConfigCommandLineTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();

    private static List<JsonElement> Privileged(JsonElement json) =>
        json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "privileged-container").ToList();

    private const string DisablePrivileged = "rules:\n  privileged-container: off\n  privilege-escalation-allowed: off\n";

    [Fact]
    public async Task Config_is_found_upward_from_the_scanned_path()
    {
        _tree.Write(".stockade.yaml", DisablePrivileged);
        var pod = _tree.Write("apps/team/pod.yaml", PrivilegedPod());
        var run = await Run("scan", "--format", "json", pod);
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Privileged(Json(run)));

        var folder = await Run("scan", "--format", "json", _tree.PathOf("apps"));
        Assert.Equal(0, folder.ExitCode);
        Assert.Empty(Privileged(Json(folder)));
    }

    [Fact]
    public async Task No_config_ignores_the_file()
    {
        _tree.Write(".stockade.yaml", DisablePrivileged);
        var run = await Run("scan", "--no-config", "--format", "json", _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(1, run.ExitCode);
        Assert.Single(Privileged(Json(run)));
    }

    [Fact]
    public async Task Explicit_config_replaces_the_discovered_one()
    {
        _tree.Write("repo/.stockade.yaml", "rules:\n  privileged-container: low\n");
        var other = _tree.Write("elsewhere/strict.yaml", DisablePrivileged);
        var pod = _tree.Write("repo/pod.yaml", PrivilegedPod());

        var discovered = await Run("scan", "--format", "json", pod);
        Assert.Equal("low", Assert.Single(Privileged(Json(discovered))).GetProperty("severity").GetString());

        var explicitRun = await Run("scan", "--config", other, "--format", "json", pod);
        Assert.Equal(0, explicitRun.ExitCode);
        Assert.Empty(Privileged(Json(explicitRun)));
    }

    [Fact]
    public async Task Missing_or_invalid_config_is_a_usage_error()
    {
        var pod = _tree.Write("pod.yaml", PrivilegedPod());
        var missing = await Run("scan", "--config", _tree.PathOf("nope.yaml"), pod);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);

        var invalid = await Run("scan", "--config", _tree.Write("bad.yaml", "rules:\n  not-a-rule: off\n"), pod);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("unknown rule \"not-a-rule\"", invalid.Stderr);
        Assert.Contains("bad.yaml:2:3", invalid.Stderr);
    }

    [Fact]
    public async Task Severity_override_changes_the_finding_and_the_exit_code()
    {
        _tree.Write(".stockade.yaml", "rules:\n  privileged-container:\n    severity: medium\n  privilege-escalation-allowed: medium\n");
        var run = await Run("scan", "--format", "json", _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(0, run.ExitCode);
        var json = Json(run);
        Assert.Equal("medium", Assert.Single(Privileged(json)).GetProperty("severity").GetString());
        Assert.Equal(2, json.GetProperty("summary").GetProperty("bySeverity").GetProperty("medium").GetInt32());
    }

    [Fact]
    public async Task Config_fail_on_is_used_unless_the_command_line_says_otherwise()
    {
        _tree.Write(".stockade.yaml", "failOn: none\n");
        var pod = _tree.Write("pod.yaml", PrivilegedPod());
        Assert.Equal(0, (await Run("scan", pod)).ExitCode);
        Assert.Equal(1, (await Run("scan", "--fail-on", "high", pod)).ExitCode);
    }

    [Fact]
    public async Task Exemption_with_a_reason_suppresses_and_shows_in_json()
    {
        _tree.Write(".stockade.yaml", """
            exemptions:
              - rules: [privileged-container, privilege-escalation-allowed]
                namespace: shop
                name: p
                reason: node agent needs the host
            """);
        var run = await Run("scan", "--format", "json", _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(0, run.ExitCode);
        var finding = Assert.Single(Privileged(Json(run)));
        Assert.True(finding.GetProperty("suppressed").GetBoolean());
        Assert.Equal("node agent needs the host (.stockade.yaml:2)", finding.GetProperty("suppressionReason").GetString());
        Assert.Equal(2, Json(run).GetProperty("summary").GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public async Task Exemption_without_a_reason_is_rejected()
    {
        _tree.Write(".stockade.yaml", "exemptions:\n  - rule: privileged-container\n");
        var run = await Run("scan", _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs a reason", run.Stderr);
    }

    [Fact]
    public async Task Expired_exemption_brings_the_finding_back_with_a_note()
    {
        _tree.Write(".stockade.yaml", """
            exemptions:
              - rules: [privileged-container, privilege-escalation-allowed]
                name: p
                reason: temporary
                expires: 2026-01-31
            """);
        var pod = _tree.Write("pod.yaml", PrivilegedPod());

        var before = await Run("scan", "--date", "2026-01-31", "--format", "json", pod);
        Assert.Equal(0, before.ExitCode);
        Assert.True(Assert.Single(Privileged(Json(before))).GetProperty("suppressed").GetBoolean());

        var after = await Run("scan", "--date", "2026-02-01", "--format", "json", pod);
        Assert.Equal(1, after.ExitCode);
        var json = Json(after);
        Assert.False(Assert.Single(Privileged(json)).GetProperty("suppressed").GetBoolean());
        var note = Assert.Single(json.GetProperty("notes").EnumerateArray().ToList());
        Assert.Contains("expired on 2026-01-31", note.GetProperty("message").GetString());
        Assert.EndsWith(".stockade.yaml", note.GetProperty("file").GetString());
        Assert.Equal(2, note.GetProperty("line").GetInt32());

        var text = await Run("scan", "--date", "2026-02-01", pod);
        Assert.Contains("1 note (--verbose shows them)", text.Stdout);
        var verbose = await Run("scan", "--date", "2026-02-01", "--verbose", pod);
        Assert.Contains("note: exemption for privileged-container, privilege-escalation-allowed expired on 2026-01-31", verbose.Stdout);
    }

    [Fact]
    public async Task Annotation_exemption_suppresses_in_source()
    {
        var pod = PrivilegedPod("p", "  annotations:\n    exempt.stockade.dev/privileged-container: \"CNI plugin; container=app\"\n    exempt.stockade.dev/privilege-escalation-allowed: \"CNI plugin\"");
        var run = await Run("scan", "--no-config", "--format", "json", _tree.Write("pod.yaml", pod));
        Assert.Equal(0, run.ExitCode);
        var finding = Assert.Single(Privileged(Json(run)));
        Assert.True(finding.GetProperty("suppressed").GetBoolean());
        Assert.Equal("CNI plugin (annotation exempt.stockade.dev/privileged-container)", finding.GetProperty("suppressionReason").GetString());

        var sarif = await Run("scan", "--no-config", "--format", "sarif", _tree.PathOf("pod.yaml"));
        Assert.Contains("\"kind\": \"inSource\"", sarif.Stdout);
    }

    [Fact]
    public async Task Annotation_exemption_for_another_container_does_not_apply()
    {
        var pod = PrivilegedPod("p", "  annotations:\n    exempt.stockade.dev/privileged-container: \"CNI plugin; container=sidecar\"");
        var run = await Run("scan", "--no-config", _tree.Write("pod.yaml", pod));
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Annotation_exemption_without_a_reason_is_an_error()
    {
        var pod = PrivilegedPod("p", "  annotations:\n    exempt.stockade.dev/privileged-container: \"expires=2030-01-01\"");
        var run = await Run("scan", "--no-config", "--format", "json", _tree.Write("pod.yaml", pod));
        Assert.Equal(2, run.ExitCode);
        var json = Json(run);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray().ToList());
        Assert.Contains("needs a reason", error.GetProperty("message").GetString());
        Assert.Equal(7, error.GetProperty("line").GetInt32());
        Assert.False(Assert.Single(Privileged(json)).GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public async Task Annotation_exemptions_are_honoured_by_scan_unless_the_configuration_refuses_them()
    {
        var pod = _tree.Write("pod.yaml", PrivilegedPod("p", "  annotations:\n    exempt.stockade.dev/privileged-container: \"CNI plugin\"\n    exempt.stockade.dev/privilege-escalation-allowed: \"CNI plugin\""));
        var honoured = await Run("scan", "--no-config", "--format", "json", pod);
        Assert.Equal(0, honoured.ExitCode);

        var config = _tree.Write("outside/.stockade.yaml", "annotationExemptions: false\n");
        var refused = await Run("scan", "--config", config, "--format", "json", pod);
        Assert.Equal(1, refused.ExitCode);
        var json = Json(refused);
        Assert.False(Assert.Single(Privileged(json)).GetProperty("suppressed").GetBoolean());
        var notes = json.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("message").GetString()!).ToList();
        Assert.Contains("annotation exempt.stockade.dev/privileged-container is not honoured: annotationExemptions is false in .stockade.yaml; the findings it names are reported", notes);
        Assert.Equal(2, notes.Count);
    }

    [Fact]
    public async Task AnnotationExemptions_setting_must_be_a_boolean()
    {
        var config = _tree.Write(".stockade.yaml", "annotationExemptions: sometimes\n");
        var run = await Run("scan", "--config", config, _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(".stockade.yaml:1:1: annotationExemptions: expected true or false", run.Stderr);
    }
}
