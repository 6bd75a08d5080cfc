using System.Text.Json;
using System.Xml.Linq;
using NJsonSchema;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.PodSecurity;

/// <summary>The Pod Security and PodSecurityPolicy profiles work through every output format.</summary>
public class ProfilesThroughEveryFormatTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string HostPidPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: default}
        spec:
          hostPID: true
          containers:
          - name: app
            image: nginx
        """;

    [Theory]
    [InlineData("baseline")]
    [InlineData("restricted:v1.30")]
    [InlineData("namespace")]
    public async Task Every_format_carries_the_pod_security_findings(string profile)
    {
        var pod = _tree.Write("pod.yaml", HostPidPod);
        var schema = await JsonSchema.FromFileAsync(Reporting.RepoPaths.SharedSchema("sarif-schema-2.1.0.json"));

        var json = await Run("scan", "--no-config", "--profile", profile, "--format", "json", pod);
        Assert.Equal(1, json.ExitCode);
        var finding = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("control").GetString() == "hostNamespaces");
        Assert.Equal("host namespaces (hostPID=true)", finding.GetProperty("message").GetString());

        var sarif = await Run("scan", "--no-config", "--profile", profile, "--format", "sarif", pod);
        Assert.Empty(schema.Validate(sarif.Stdout));
        Assert.Contains("\"ruleId\": \"pss-host-namespaces\"", sarif.Stdout);

        var junit = await Run("scan", "--no-config", "--profile", profile, "--format", "junit", pod);
        var failure = XDocument.Parse(junit.Stdout).Descendants("failure").Single();
        Assert.Contains("pss-host-namespaces", failure.Value);

        var text = await Run("scan", "--no-config", "--profile", profile, pod);
        Assert.Contains("pss-host-namespaces host namespaces (hostPID=true)", text.Stdout);
    }

    [Fact]
    public async Task Policies_found_among_the_scanned_documents_join_the_policy_set_with_bundle_policies()
    {
        var policy = File.ReadAllText(Path.Combine(Reporting.RepoPaths.Root, "examples", "psp", "restricted.yaml"));
        var bundle = _tree.Write("bundle.yaml", HostPidPod + "\n---\n" + policy);
        var json = await Run("scan", "--no-config", "--bundle-policies", "--format", "json", bundle);
        var psp = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "psp").ToList();
        Assert.Contains(psp, f => f.GetProperty("control").GetString() == "hostPID");
    }

    [Fact]
    public async Task An_invalid_policy_among_the_scanned_documents_is_reported_and_judges_nothing()
    {
        var invalid = """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata: {name: broken}
            spec:
              runAsUser: {rule: Sometimes}
              seLinux: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
            """;
        var json = await Run("scan", "--no-config", "--format", "json", _tree.Write("bundle.yaml", HostPidPod + "\n---\n" + invalid));
        var rules = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Contains("psp-invalid", rules);
        Assert.DoesNotContain("psp", rules);
    }
}
