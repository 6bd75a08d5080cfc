using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Fix;

/// <summary><c>stockade fix</c> as a user runs it: diff, --in-place, stdin, --rule, exemptions, errors.</summary>
public sealed class FixCommandTests
{
    private const string Deployment = """
        # the web tier
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web   # keep this comment
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: registry.example/app:1
                  securityContext:
                    privileged: true
                    runAsNonRoot: false
                - name: side
                  image: registry.example/side:1

        """;

    [Fact]
    public async Task Prints_a_unified_diff_of_only_the_changed_lines_and_leaves_the_file_alone()
    {
        using var tree = new TempTree();
        var path = tree.Write("d.yaml", Deployment);
        var run = await Run("fix", "--no-config", path);
        Assert.Equal(Deployment, File.ReadAllText(path));
        Assert.StartsWith($"--- a/{path}\n+++ b/{path}\n@@ ", run.Stdout);
        Assert.Contains("-            privileged: true\n", run.Stdout);
        Assert.Contains("+            privileged: false\n", run.Stdout);
        Assert.DoesNotContain("-  name: web", run.Stdout);
        Assert.Equal(1, run.ExitCode); // resources and the rest have no safe value
        Assert.Contains("cpu-limits-missing", run.Stderr);
        Assert.Contains("not fixed: the right amounts depend on the workload", run.Stderr);
    }

    [Fact]
    public async Task In_place_rewrites_keeping_comments_and_the_rescan_finds_nothing_it_could_fix()
    {
        using var tree = new TempTree();
        var path = tree.Write("d.yaml", Deployment);
        var run = await Run("fix", "--no-config", "--in-place", "--run-as-group", "10001", path);
        var text = File.ReadAllText(path);
        Assert.StartsWith("# the web tier\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web   # keep this comment\n", text);
        Assert.Equal("", run.Stdout);
        var scan = await Run("scan", "--no-config", "--format", "json", path);
        foreach (var rule in new[] { "privileged-container", "privilege-escalation-allowed", "run-as-root", "capabilities-drop-all", "writable-root-filesystem", "seccomp-profile", "service-account-token-automount", "low-group-id" })
        {
            Assert.DoesNotContain($"\"{rule}\"", scan.Stdout);
        }
        // The container's own runAsNonRoot: false is replaced; the pod-level value covers "side".
        Assert.Contains("runAsNonRoot: true", text);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task A_read_only_file_is_left_untouched_and_is_an_error()
    {
        using var tree = new TempTree();
        var path = tree.Write("d.yaml", Deployment);
        if (OperatingSystem.IsWindows()) File.SetAttributes(path, FileAttributes.ReadOnly);
        else File.SetUnixFileMode(path, UnixFileMode.UserRead);
        var other = tree.Write("e.yaml", Deployment);
        var run = await Run("fix", "--no-config", "--in-place", path, other);
        Assert.Equal(Deployment, File.ReadAllText(path));
        Assert.NotEqual(Deployment, File.ReadAllText(other));
        Assert.Contains("read-only; left unchanged", run.Stderr);
        // Nothing is said to be fixed in a file that was not written.
        Assert.DoesNotContain($"{path}:", run.Stderr.Replace($"stockade: {path}: the file is read-only", "", StringComparison.Ordinal));
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Stdin_gets_the_fixed_manifest_on_stdout()
    {
        var run = await RunWithStdin(Deployment, "fix", "--no-config", "-");
        Assert.Contains("privileged: false", run.Stdout);
        Assert.StartsWith("# the web tier\n", run.Stdout);
        Assert.DoesNotContain("+++", run.Stdout);
    }

    [Fact]
    public async Task Rule_fixes_only_the_named_rules_and_counts_only_their_findings()
    {
        var run = await RunWithStdin(Deployment, "fix", "--no-config", "--rule", "privileged-container", "-");
        Assert.Contains("privileged: false", run.Stdout);
        Assert.DoesNotContain("readOnlyRootFilesystem", run.Stdout);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task An_exempted_finding_is_not_fixed_and_a_pod_level_edit_does_not_reach_its_container()
    {
        var manifest = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                exempt.stockade.dev/privileged-container: "needs the device; ticket 42"
            spec:
              containers:
                - name: a
                  image: x
                  securityContext:
                    privileged: true

            """;
        var run = await RunWithStdin(manifest, "fix", "--no-config", "--rule", "privileged-container", "-");
        Assert.Equal(manifest, run.Stdout);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Every_item_of_a_List_and_every_document_is_fixed()
    {
        var manifest = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Pod
                metadata: {name: a}
                spec:
                  containers:
                    - {name: a, image: x, securityContext: {privileged: true}}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: c
            spec:
              schedule: "* * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          image: x
                          securityContext:
                            privileged: true

            """;
        var run = await RunWithStdin(manifest, "fix", "--no-config", "--rule", "privileged-container", "-");
        Assert.Equal(2, run.Stdout.Split("privileged: false").Length - 1);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Bad_input_is_reported_with_its_position_and_other_files_are_still_fixed()
    {
        using var tree = new TempTree();
        var bad = tree.Write("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
        var good = tree.Write("good.yaml", Deployment);
        var run = await Run("fix", "--no-config", bad, good);
        Assert.Matches(@"bad\.yaml:\d+:\d+: ", run.Stderr);
        Assert.Contains("+++ b/" + good, run.Stdout);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Json_input_stays_json()
    {
        var json = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "p"},
              "spec": {"containers": [{"name": "a", "image": "x", "securityContext": {"privileged": true}}]}
            }

            """;
        var run = await RunWithStdin(json, "fix", "--no-config", "-");
        var fixedPod = System.Text.Json.Nodes.JsonNode.Parse(run.Stdout)!;
        Assert.False(fixedPod["spec"]!["containers"]![0]!["securityContext"]!["privileged"]!.GetValue<bool>());
        Assert.StartsWith("{\n  \"apiVersion\": \"v1\",\n", run.Stdout);
    }

    [Fact]
    public async Task Legacy_seccomp_annotation_is_replaced_by_the_field()
    {
        var manifest = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                team: web
                seccomp.security.alpha.kubernetes.io/pod: unconfined
            spec:
              containers:
                - name: a
                  image: x

            """;
        var run = await RunWithStdin(manifest, "fix", "--no-config", "--rule", "seccomp-profile", "-");
        Assert.Contains("    team: web\n", run.Stdout);
        Assert.DoesNotContain("seccomp.security.alpha", run.Stdout);
        Assert.Contains("seccompProfile", run.Stdout);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task A_change_whose_finding_remains_is_not_reported_as_fixed()
    {
        // allowPrivilegeEscalation=false is written (the API server accepts it beside "SYS_ADMIN"),
        // but the rule still finds escalation through the added capability: not a fix.
        using var tree = new TempTree();
        var path = tree.Write("p.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
                - name: admin
                  image: registry.example/app:1
                  securityContext:
                    capabilities:
                      add: ["SYS_ADMIN"]
                - name: plain
                  image: registry.example/app:1

            """);
        var run = await Run("fix", "--no-config", "--rule", "privilege-escalation-allowed", path);

        Assert.Contains("changed (the finding remains) privilege-escalation-allowed: container \"admin\"", run.Stderr);
        Assert.Contains("fixed privilege-escalation-allowed: container \"plain\"", run.Stderr);
        Assert.DoesNotContain("fixed privilege-escalation-allowed: container \"admin\"", run.Stderr);
        Assert.Equal(1, run.ExitCode);
    }
}
