using System.Text.Json;
using static Stockade.Tests.Cli.CliHarness;
using static Stockade.Tests.Reporting.ReportFixtures;

namespace Stockade.Tests.Cli;

/// <summary>Adopting Stockade on an existing repository, end to end: baseline, scan --baseline, exclude, init, unrendered sources, fix hints.</summary>
public class AdoptionCommandLineTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();

    private static List<JsonElement> Findings(JsonElement json) => json.GetProperty("findings").EnumerateArray().ToList();

    private const string Other = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          a: b
        """;

    private static string AddingCapability(string capability) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: capable
          namespace: default
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
              capabilities:
                add: ["{capability}"]
        """;

    private async Task<string> Baseline(params string[] paths)
    {
        var baseline = _tree.PathOf(".stockade-baseline.json");
        var run = await Run(["baseline", "--no-config", "-o", baseline, .. paths]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return baseline;
    }

    [Fact]
    public async Task A_baselined_scan_reports_only_new_findings_and_passes()
    {
        var old = _tree.Write("deploy/old.yaml", PrivilegedPod("old"));
        var baseline = await Baseline(_tree.PathOf("deploy"));
        Assert.Contains("\"fingerprint\"", File.ReadAllText(baseline));

        var accepted = await Run("scan", "--no-config", "--baseline", baseline, "--format", "json", old);
        Assert.Equal(0, accepted.ExitCode);
        var json = Json(accepted);
        Assert.All(Findings(json), f => Assert.Equal("baselined", f.GetProperty("suppressionKind").GetString()));
        Assert.Equal(0, json.GetProperty("summary").GetProperty("findings").GetInt32());
        Assert.Equal(2, json.GetProperty("summary").GetProperty("suppressedByKind").GetProperty("baselined").GetInt32());

        _tree.Write("deploy/new.yaml", PrivilegedPod("new"));
        var text = await Run("scan", "--no-config", "--baseline", baseline, _tree.PathOf("deploy"));
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("Pod/shop/new", text.Stdout);
        Assert.DoesNotContain("Pod/shop/old", text.Stdout);
        Assert.Contains("2 suppressed (2 baselined", text.Stdout);
    }

    [Fact]
    public async Task Moving_lines_and_reordering_documents_keeps_findings_accepted()
    {
        var file = _tree.Write("all.yaml", PrivilegedPod("a") + "\n---\n" + Other);
        var baseline = await Baseline(file);
        File.WriteAllText(file, "# a comment\n\n" + Other + "\n---\n# moved\n" + PrivilegedPod("a"));
        var run = await Run("scan", "--no-config", "--baseline", baseline, "--format", "json", file);
        Assert.Equal(0, run.ExitCode);
        Assert.All(Findings(Json(run)), f => Assert.True(f.GetProperty("suppressed").GetBoolean()));
    }

    [Fact]
    public async Task Changing_the_offending_value_makes_the_finding_new()
    {
        var file = _tree.Write("pod.yaml", AddingCapability("SYS_ADMIN"));
        var baseline = await Baseline(file);
        File.WriteAllText(file, AddingCapability("SYS_PTRACE"));
        var run = await Run("scan", "--no-config", "--baseline", baseline, "--format", "json", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Findings(Json(run)), f => !f.GetProperty("suppressed").GetBoolean() && f.GetProperty("message").GetString()!.Contains("SYS_PTRACE"));
    }

    [Fact]
    public async Task Entries_of_files_the_scan_did_not_check_are_not_called_fixed()
    {
        var scanned = _tree.Write("deploy/a.yaml", PrivilegedPod("a"));
        _tree.Write("deploy/b.yaml", PrivilegedPod("b"));
        var broken = _tree.Write("deploy/c.yaml", PrivilegedPod("c"));
        var baseline = await Baseline(_tree.PathOf("deploy"));
        File.WriteAllText(broken, "kind: [unclosed\n");

        // b.yaml is not scanned and c.yaml cannot be read: neither was seen fixed.
        var run = await Run("scan", "--no-config", "--baseline", baseline, "--format", "json", scanned, broken);
        var json = Json(run);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(0, json.GetProperty("summary").GetProperty("baselineFixed").GetInt32());
        Assert.Empty(json.GetProperty("baseline").GetProperty("fixed").EnumerateArray());
    }

    [Fact]
    public async Task Fixed_entries_are_counted_and_absent_in_sarif_while_accepted_ones_are_unchanged()
    {
        var fixedOne = _tree.Write("deploy/a.yaml", PrivilegedPod("a"));
        _tree.Write("deploy/b.yaml", PrivilegedPod("b"));
        var baseline = await Baseline(_tree.PathOf("deploy"));
        File.WriteAllText(fixedOne, Other);
        _tree.Write("deploy/c.yaml", PrivilegedPod("c"));

        var text = await Run("scan", "--no-config", "--baseline", baseline, "-v", _tree.PathOf("deploy"));
        Assert.Contains("2 baseline entries fixed", text.Stdout);
        Assert.Contains("deploy/a.yaml: note: baseline entry no longer matches (fixed): privileged-container [Pod shop/a]", text.Stdout);

        var sarif = await Run("scan", "--no-config", "--baseline", baseline, "--format", "sarif", _tree.PathOf("deploy"));
        var results = JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var states = results.GroupBy(r => r.GetProperty("baselineState").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["unchanged"] = 2, ["new"] = 2, ["absent"] = 2 }, states);
        Assert.All(results.Where(r => r.GetProperty("baselineState").GetString() == "unchanged"),
            r => Assert.Equal("external", r.GetProperty("suppressions")[0].GetProperty("kind").GetString()));
        Assert.All(results.Where(r => r.GetProperty("baselineState").GetString() == "absent"), r => Assert.Equal("pass", r.GetProperty("kind").GetString()));

        var json = Json(await Run("scan", "--no-config", "--baseline", baseline, "--format", "json", _tree.PathOf("deploy")));
        Assert.Equal(2, json.GetProperty("baseline").GetProperty("fixed").GetArrayLength());
        Assert.Equal(2, json.GetProperty("summary").GetProperty("baselineFixed").GetInt32());
    }

    [Fact]
    public async Task A_corrupt_baseline_is_exit_2_with_its_position()
    {
        var pod = _tree.Write("pod.yaml", PrivilegedPod());
        var bad = _tree.Write("bad.json", "{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"x\", \"kind\": \"Pod\", \"file\": \"a\", \"fingerprint\": \"nothex\"}\n  ]\n}\n");
        var run = await Run("scan", "--no-config", "--baseline", bad, pod);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{bad}:4:", run.Stderr);
        Assert.Contains("fingerprint", run.Stderr);

        var broken = _tree.Write("broken.json", "{\"version\": 1,\n \"findings\": [\n");
        var syntax = await Run("scan", "--no-config", "--baseline", broken, pod);
        Assert.Equal(2, syntax.ExitCode);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(broken)}:\d+:\d+: ", syntax.Stderr);
    }

    [Fact]
    public async Task The_configuration_names_the_baseline_relative_to_itself()
    {
        var pod = _tree.Write("repo/pod.yaml", PrivilegedPod());
        var written = await Run("baseline", "--no-config", "-o", _tree.PathOf("repo/accepted.json"), pod);
        Assert.Equal(0, written.ExitCode);
        _tree.Write("repo/.stockade.yaml", "baseline: accepted.json\n");
        Assert.Equal(0, (await Run("scan", pod)).ExitCode);
        Assert.Equal(1, (await Run("scan", "--no-baseline", pod)).ExitCode);
    }

    [Fact]
    public async Task A_baseline_is_not_written_when_an_input_cannot_be_read()
    {
        _tree.Write("pod.yaml", PrivilegedPod());
        var target = _tree.PathOf("base.json");
        var run = await Run("baseline", "--no-config", "-o", target, _tree.PathOf("pod.yaml"), _tree.PathOf("missing.yaml"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing.yaml", run.Stderr);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Excluded_paths_are_not_scanned_but_noted_and_counted()
    {
        _tree.Write("repo/app/pod.yaml", PrivilegedPod("app"));
        _tree.Write("repo/vendor/x/pod.yaml", PrivilegedPod("vendored"));
        _tree.Write("repo/gen/pod.yaml", PrivilegedPod("generated"));
        _tree.Write("repo/.stockade.yaml", "exclude:\n  - 'gen/**'\n");
        var run = await Run("scan", "--exclude", "vendor", "-v", "--format", "json", _tree.PathOf("repo"));
        var json = Json(run);
        var names = Findings(json).Select(f => f.GetProperty("object").GetProperty("name").GetString()).Distinct().ToList();
        Assert.Equal(["app"], names);
        var notes = json.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("message").GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("excluded by \"vendor\" (--exclude)"));
        Assert.Contains(notes, n => n.Contains("excluded by \"gen/**\" (exclude: in .stockade.yaml:2)"));

        var text = await Run("scan", "--exclude", "vendor", _tree.PathOf("repo"));
        Assert.Contains("2 notes (--verbose shows them)", text.Stdout);

        // A file named on the command line is excluded too (as Trivy's skip options do), and said so.
        var named = await Run("scan", "--no-config", "--exclude", "pod.yaml", "-v", _tree.PathOf("repo/app/pod.yaml"));
        Assert.Equal(0, named.ExitCode);
        Assert.Contains("not scanned: excluded by \"pod.yaml\"", named.Stdout);
    }

    [Fact]
    public async Task Init_writes_a_commented_configuration_from_the_repository_and_refuses_to_overwrite()
    {
        _tree.Write("deploy/pod.yaml", PrivilegedPod().Replace("image: nginx", "image: ghcr.io/acme/web:1.2"));
        _tree.Write("deploy/other.yaml", PrivilegedPod("o"));
        _tree.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        _tree.Write("charts/web/templates/pod.yaml", "kind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n");
        _tree.Write("overlay/kustomization.yaml", "resources: [../deploy/pod.yaml]\n");

        var run = await Run("init", _tree.Root);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var config = File.ReadAllText(_tree.PathOf(".stockade.yaml"));
        Assert.Contains("profile: hardened", config);
        Assert.Contains("failOn: high", config);
        Assert.Contains("- 'ghcr\\.io/.+'", config);
        Assert.Contains("- 'nginx([:@].+)?'", config);
        Assert.Contains("- 'charts/web/templates'", config);
        Assert.Contains("- 'overlay/kustomization.yaml'", config);

        // It is a configuration scan reads: the chart and the kustomization are excluded, the images allowed.
        var scan = await Run("scan", "--format", "json", _tree.Root);
        Assert.Equal(1, scan.ExitCode);
        Assert.Empty(Json(scan).GetProperty("errors").EnumerateArray());
        Assert.DoesNotContain(Findings(Json(scan)), f => f.GetProperty("rule").GetString() == "image-registry-not-allowed");

        var again = await Run("init", _tree.Root);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Stderr);
        Assert.Equal(0, (await Run("init", "--force", _tree.Root)).ExitCode);
    }

    [Fact]
    public async Task Unrendered_helm_templates_and_kustomizations_are_errors_that_say_how_to_render_them()
    {
        _tree.Write("chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        // Parses as YAML (the template is quoted) but is not what gets deployed.
        var quoted = _tree.Write("chart/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: \"{{ .Values.image }}\"\n");
        // Starts with { and would otherwise be a JSON syntax error.
        var jsonLooking = _tree.Write("loose/cm.yaml", "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n");
        var kustomization = _tree.Write("overlay/kustomization.yaml", "resources:\n- ../base\n");

        var run = await Run("scan", "--no-config", "--format", "json", quoted, jsonLooking, kustomization);
        Assert.Equal(2, run.ExitCode);
        var errors = Json(run).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == quoted && e.GetProperty("line").GetInt32() == 8
            && e.GetProperty("message").GetString()!.StartsWith("a Helm template, not a manifest; render it with `helm template` and pipe it in"));
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == jsonLooking && e.GetProperty("message").GetString()!.Contains("a Helm template"));
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == kustomization
            && e.GetProperty("message").GetString()!.Contains($"kubectl kustomize {_tree.PathOf("overlay")} | stockade scan -"));
        Assert.Empty(Findings(Json(run)));
    }

    [Fact]
    public async Task Helm_source_comments_map_findings_to_their_template_in_every_format()
    {
        var rendered = Path.Combine(Reporting.RepoPaths.Root, "examples", "helm-template", "rendered.yaml");
        var stdin = File.ReadAllText(rendered);
        var json = Json(await RunWithStdin(stdin, "scan", "--no-config", "--format", "json", "-"));
        var deployment = Findings(json).Where(f => f.GetProperty("object").GetProperty("kind").GetString() == "Deployment").ToList();
        Assert.NotEmpty(deployment);
        Assert.All(deployment, f =>
        {
            Assert.Equal("storefront/templates/deployment.yaml", f.GetProperty("source").GetString());
            Assert.Equal("<stdin>", f.GetProperty("file").GetString());
        });

        var text = await RunWithStdin(stdin, "scan", "--no-config", "-");
        Assert.Contains("(from storefront/templates/deployment.yaml)", text.Stdout);

        var sarif = JsonDocument.Parse((await RunWithStdin(stdin, "scan", "--no-config", "--format", "sarif", "-")).Stdout).RootElement;
        var related = sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.TryGetProperty("relatedLocations", out var l) ? l[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() : null).ToList();
        Assert.Contains("storefront/templates/deployment.yaml", related);

        // The baseline keys rendered findings by their template, so stdin from helm template can be baselined.
        var baseline = _tree.PathOf("helm-baseline.json");
        Assert.Equal(0, (await RunWithStdin(stdin, "baseline", "--no-config", "-o", baseline, "-")).ExitCode);
        Assert.Contains("\"file\": \"storefront/templates/deployment.yaml\"", File.ReadAllText(baseline));
        Assert.Equal(0, (await RunWithStdin(stdin, "scan", "--no-config", "--baseline", baseline, "-")).ExitCode);
    }

    [Fact]
    public async Task Fix_hints_follow_each_finding_when_asked_and_not_by_default_off_a_terminal()
    {
        var pod = _tree.Write("pod.yaml", PrivilegedPod());
        var plain = await Run("scan", "--no-config", pod);
        Assert.DoesNotContain("    fix: ", plain.Stdout);

        var hinted = await Run("scan", "--no-config", "--fix-hints", pod);
        var lines = hinted.Stdout.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains("privileged-container"));
        Assert.StartsWith("    fix: ", lines[at + 1]);
        Assert.Equal(lines.Count(l => l.Contains(": critical ") || l.Contains(": high ")), lines.Count(l => l.StartsWith("    fix: ")));
    }
}
