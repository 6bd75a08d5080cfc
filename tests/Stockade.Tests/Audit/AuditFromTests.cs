using System.Text.Json;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Audit;

/// <summary><c>stockade audit --from</c>: the scan pipeline over a dump, with the audit's profile and formats.</summary>
public class AuditFromTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string KubectlDump = """
        apiVersion: v1
        kind: List
        metadata:
          resourceVersion: ""
        items:
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: {app: web}
            template:
              metadata:
                labels: {app: web}
              spec:
                containers:
                - name: nginx
                  image: nginx:1.27
                  securityContext:
                    privileged: true
        - apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
        """;

    private const string StaticPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
          namespace: kube-system
        spec:
          hostNetwork: true
          containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command: ["kube-apiserver", "--anonymous-auth=false"]
        """;

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();

    [Fact]
    public async Task Audits_a_kubectl_dump_and_a_folder_of_manifests_like_scan()
    {
        var dump = _tree.Write("dump.yaml", KubectlDump);
        _tree.Write("etc/kubernetes/manifests/kube-apiserver.yaml", StaticPod);
        var audit = await Run("audit", "--no-config", "--format", "json", "--from", dump, "--from", _tree.PathOf("etc"));
        var scan = await Run("scan", "--no-config", "--profile", "cluster", "--format", "json", dump, _tree.PathOf("etc"));
        Assert.Equal(1, audit.ExitCode);
        Assert.Equal(scan.ExitCode, audit.ExitCode);
        Assert.Equal(Json(scan).GetProperty("findings").ToString(), Json(audit).GetProperty("findings").ToString());
        var findings = Json(audit).GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("rule").GetString() == "privileged-container" && f.GetProperty("path").GetString()!.StartsWith("items[0].spec.template", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.GetProperty("file").GetString()!.EndsWith("kube-apiserver.yaml", StringComparison.Ordinal));
        Assert.Equal(3, Json(audit).GetProperty("objects").GetArrayLength());
    }

    [Fact]
    public async Task Profile_and_fail_on_apply()
    {
        var dump = _tree.Write("dump.yaml", KubectlDump);
        var baseline = Json(await Run("audit", "--no-config", "--format", "json", "--profile", "baseline", "--from", dump));
        Assert.StartsWith("baseline", baseline.GetProperty("profile").GetString());
        var run = await Run("audit", "--no-config", "--fail-on", "none", "--from", dump);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("critical privileged-container", run.Stdout);
    }

    [Fact]
    public async Task Reads_a_dump_from_stdin()
    {
        var run = await RunWithStdin(KubectlDump, "audit", "--no-config", "--format", "json", "--from", "-");
        Assert.Contains("<stdin>", run.Stdout);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Every_format_of_scan_and_html()
    {
        var dump = _tree.Write("dump.yaml", KubectlDump);
        foreach (var format in new[] { "text", "json", "sarif", "junit", "html" })
        {
            var output = _tree.PathOf($"report.{format}");
            var run = await Run("audit", "--no-config", "--format", format, "--output", output, "--from", dump);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("privileged-container", File.ReadAllText(output));
        }
    }

    [Fact]
    public async Task Missing_input_is_exit_2_and_the_rest_is_audited()
    {
        var dump = _tree.Write("dump.yaml", KubectlDump);
        var run = await Run("audit", "--no-config", "--format", "json", "--from", dump, "--from", _tree.PathOf("absent"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such file or directory", run.Stdout);
        Assert.Contains("privileged-container", run.Stdout);
    }

    [Theory]
    [InlineData("--context", "prod")]
    [InlineData("--namespace", "shop")]
    [InlineData("--kubeconfig", "k")]
    public async Task Live_options_cannot_be_combined_with_from(string option, string value)
    {
        var run = await Run("audit", "--from", _tree.Write("dump.yaml", KubectlDump), option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{option} is for a live cluster", run.Stderr);
    }

    [Fact]
    public async Task Usage_errors()
    {
        Assert.Contains("did you mean --from", (await Run("audit", "dump.yaml")).Stderr);
        Assert.Contains("unknown format", (await Run("audit", "--from", "x", "--format", "pdf")).Stderr);
        Assert.Contains("not a namespace name", (await Run("audit", "--namespace", "Shop_1")).Stderr);
        var help = await Run("audit", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--from PATH", help.Stdout);
    }
}
