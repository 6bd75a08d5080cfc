using System.Text.Json.Nodes;
using Stockade.Profiles;

namespace Stockade.Tests.Webhook;

/// <summary>
/// At admission the author of the object is not trusted: what it writes in its own annotations
/// exempts nothing unless the administrator opted its namespace in.
/// </summary>
public class AdmissionTrustTests
{
    private const string PrivilegedHostPid = """{"name": "app", "image": "registry.example.com/app:1.0", "securityContext": {"privileged": true}}""";

    /// <summary>A privileged hostPID pod carrying an exempt.stockade.dev annotation for every rule the profile finds in it.</summary>
    private static string SelfExemptingPod(string profile, string ns = "team-a")
    {
        var bare = Reviews.PodJson(PrivilegedHostPid, extraSpec: "\"hostPID\": true, ", ns: ns);
        var rules = TestScan.Yaml(bare, ProfileRegistry.Resolve(profile)).Findings.Select(f => f.Rule).Distinct().ToList();
        Assert.Contains(rules, r => r.Contains("host", StringComparison.Ordinal));
        var annotations = new JsonObject();
        foreach (var rule in rules) annotations["exempt.stockade.dev/" + rule] = "trust me";
        return Reviews.PodJson(PrivilegedHostPid, extraSpec: "\"hostPID\": true, ", annotations: annotations.ToJsonString(), ns: ns);
    }

    [Theory]
    [InlineData("restricted")]
    [InlineData("baseline")]
    [InlineData("hardened")]
    public async Task Exempt_annotations_written_by_the_pod_author_exempt_nothing_at_admission(string profile)
    {
        await using var h = await WebhookHarness.StartAsync();
        var response = await h.Review($"/validate/{profile}", Reviews.Review(SelfExemptingPod(profile)));

        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Equal(403, response.GetProperty("status").GetProperty("code").GetInt32());
        // The author learns why the annotation did not help.
        Assert.Contains(Reviews.Warnings(response), w => w.StartsWith("stockade: annotation exempt.stockade.dev/", StringComparison.Ordinal) && w.Contains("not honoured at admission"));
        Assert.Null(Reviews.Annotation(response, "annotation-exemptions"));
    }

    [Fact]
    public async Task Annotation_exemptions_are_honoured_only_in_opted_in_namespaces_and_each_is_audited_and_warned()
    {
        await using var h = await WebhookHarness.StartAsync("annotationExemptions:\n  namespaces: [monitoring]\n");

        var trusted = await h.Review("/validate/baseline", Reviews.Review(SelfExemptingPod("baseline", ns: "monitoring"), ns: "monitoring", uid: "in-monitoring"));
        Assert.True(trusted.GetProperty("allowed").GetBoolean());
        var warnings = Reviews.Warnings(trusted);
        Assert.Contains(warnings, w => w.StartsWith("stockade: exempted by annotation: pss-privileged (container \"app\"): trust me (annotation exempt.stockade.dev/pss-privileged)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("stockade: exempted by annotation: pss-host-namespaces", StringComparison.Ordinal));
        Assert.Contains("pss-privileged", Reviews.Annotation(trusted, "annotation-exemptions"));
        var line = Assert.Single(h.AuditLines(), l => l.GetProperty("uid").GetString() == "in-monitoring");
        var audited = line.GetProperty("annotationExemptions").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(audited, a => a.StartsWith("pss-privileged", StringComparison.Ordinal));
        Assert.Contains(audited, a => a.StartsWith("pss-host-namespaces", StringComparison.Ordinal));

        var untrusted = await h.Review("/validate/baseline", Reviews.Review(SelfExemptingPod("baseline"), uid: "in-team-a"));
        Assert.False(untrusted.GetProperty("allowed").GetBoolean());
        Assert.Contains(Reviews.Warnings(untrusted), w => w.Contains("not listed under annotationExemptions.namespaces"));
        Assert.False(Assert.Single(h.AuditLines(), l => l.GetProperty("uid").GetString() == "in-team-a").TryGetProperty("annotationExemptions", out _));
    }

    [Fact]
    public async Task Object_claiming_another_namespace_than_the_request_is_refused_as_undecodable()
    {
        await using var h = await WebhookHarness.StartAsync("annotationExemptions:\n  namespaces: [monitoring]\n");
        // Built by someone other than the API server, which sets metadata.namespace to the request's.
        var response = await h.Review("/validate/baseline", Reviews.Review(SelfExemptingPod("baseline", ns: "monitoring"), ns: "team-a"));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Equal(400, response.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Contains("does not match the request's namespace", response.GetProperty("status").GetProperty("message").GetString());
    }

    [Fact]
    public void Annotation_exemption_namespaces_are_names_not_patterns()
    {
        var e = Assert.Throws<Stockade.Config.ConfigException>(() =>
            Stockade.Webhook.WebhookConfigReader.Parse("annotationExemptions:\n  namespaces: [team-*]\n", "webhook.yaml", []));
        Assert.StartsWith("webhook.yaml:2:15: annotationExemptions.namespaces: \"team-*\"", e.Message);
    }
}
