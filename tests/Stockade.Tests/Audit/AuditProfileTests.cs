using System.Text.Json;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Audit;

/// <summary>The profiles scan knows work in audit too: namespace reads the dump's Namespaces.</summary>
public class AuditProfileTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string Dump = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels: {pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: v1.30}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers:
          - name: app
            image: nginx
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: unlabelled}
        spec:
          containers:
          - name: app
            image: nginx
        """;

    [Fact]
    public async Task Audit_namespace_profile_judges_each_pod_by_its_namespace_labels_in_the_dump()
    {
        var run = await Run("audit", "--no-config", "--profile", "namespace", "--format", "json", "--from", _tree.Write("dump.yaml", Dump));
        Assert.Equal(1, run.ExitCode);
        var findings = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("shop", f.GetProperty("object").GetProperty("namespace").GetString()));
        Assert.Contains(findings, f => f.GetProperty("policy").GetString() == "enforce restricted:v1.30");
    }

    [Fact]
    public async Task Audit_namespace_default_sets_the_level_of_unlabelled_namespaces()
    {
        var run = await Run("audit", "--no-config", "--profile", "namespace", "--namespace-default", "restricted", "--format", "json", "--from", _tree.Write("dump.yaml", Dump));
        var findings = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("object").GetProperty("namespace").GetString() == "unlabelled");
    }
}
