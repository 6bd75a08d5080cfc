using Stockade.Config;
using Stockade.Webhook;
using Stockade.Yaml;

namespace Stockade.Tests.Webhook;

/// <summary>The pieces without sockets: update significance, configuration reading.</summary>
public class WebhookUnitTests
{
    private static YNode Json(string json) => JsonTreeBuilder.Parse(System.Text.Encoding.UTF8.GetBytes(json), "t.json", ParseLimits.Default)[0].Root!;

    private static YNode Pod(string containers, string annotations = "{}", string ephemeral = "[]") =>
        Json($$$"""{"metadata": {"annotations": {{{annotations}}}}, "spec": {"containers": [{{{containers}}}], "ephemeralContainers": {{{ephemeral}}}}}""");

    [Fact]
    public void Every_admission_verdict_is_counted_under_the_word_the_audit_log_and_dashboards_match()
    {
        var metrics = new WebhookMetrics();
        foreach (var v in Enum.GetValues<AdmissionVerdict>()) metrics.RecordRequest("/validate/psp", v, TimeSpan.Zero);
        var text = metrics.Render();
        foreach (var word in new[] { "allowed", "denied", "warned", "audited", "exempt", "skipped", "error" })
        {
            Assert.Contains($"stockade_admission_requests_total{{route=\"/validate/psp\",verdict=\"{word}\"}} 1\n", text);
        }
        Assert.Equal(7, Enum.GetValues<AdmissionVerdict>().Length);
    }

    [Fact]
    public void Pod_update_significance_follows_pod_security_admission()
    {
        var old = Pod("""{"name": "a", "image": "x:1"}""");
        Assert.False(PodUpdates.IsSignificant(Pod("""{"name": "a", "image": "x:1"}""", """{"team": "b"}"""), old));
        Assert.True(PodUpdates.IsSignificant(Pod("""{"name": "a", "image": "x:2"}"""), old));
        Assert.True(PodUpdates.IsSignificant(Pod("""{"name": "a", "image": "x:1"}, {"name": "b", "image": "y"}"""), old));
        Assert.True(PodUpdates.IsSignificant(Pod("""{"name": "a", "image": "x:1"}""", ephemeral: """[{"name": "dbg", "image": "busybox"}]"""), old));
        var withDebugger = Pod("""{"name": "a", "image": "x:1"}""", ephemeral: """[{"name": "dbg", "image": "busybox"}]""");
        Assert.False(PodUpdates.IsSignificant(withDebugger, withDebugger));
    }

    [Fact]
    public void Pod_update_changing_only_seccomp_annotations_is_not_significant()
    {
        // Upstream dropped the annotation comparison (kubernetes/kubernetes#109819, #114846): kubelets ignore them.
        var old = Pod("""{"name": "a", "image": "x:1"}""");
        Assert.False(PodUpdates.IsSignificant(Pod("""{"name": "a", "image": "x:1"}""", """{"container.seccomp.security.alpha.kubernetes.io/a": "unconfined"}"""), old));
        Assert.False(PodUpdates.IsSignificant(Pod("""{"name": "a", "image": "x:1"}""", """{"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}"""), old));
    }

    [Fact]
    public void Pod_update_the_pod_model_cannot_read_is_significant()
    {
        // An image the API server would refuse (a number) is not "unchanged": the evaluation reports it.
        var bad = Pod("""{"name": "a", "image": 5}""");
        Assert.True(PodUpdates.IsSignificant(bad, bad));
        Assert.True(PodUpdates.IsSignificant(Json("""{"metadata": {}}"""), Pod("""{"name": "a", "image": "x:1"}""")));
    }

    [Fact]
    public void Config_reads_modes_exemptions_and_failure_policy()
    {
        var config = WebhookConfigReader.Parse("""
            defaultMode: warn
            routes:
              restricted:v1.30: enforce
              psp: audit
            workloads: ignore
            failurePolicy: open
            exemptions:
              usernames: [admin]
              namespaces: [kube-system]
              runtimeClassNames: [kata]
            """, "c.yaml", []);
        Assert.Equal(AdmissionMode.Enforce, config.ModeOf("restricted:v1.30"));
        Assert.Equal(AdmissionMode.Warn, config.ModeOf("baseline"));
        Assert.Equal(AdmissionMode.Audit, config.ModeOf("psp"));
        Assert.Equal(AdmissionMode.Ignore, config.WorkloadModeOf("baseline"));
        Assert.Equal(FailureMode.Open, config.FailureMode);
        Assert.Contains("admin", config.Exemptions.Usernames);
        Assert.Contains("kata", config.Exemptions.RuntimeClassNames);
    }

    [Fact]
    public void Workload_mode_is_never_stricter_than_the_route()
    {
        var config = WebhookConfigReader.Parse("defaultMode: audit\nworkloads: enforce\n", "c.yaml", []);
        Assert.Equal(AdmissionMode.Audit, config.WorkloadModeOf("restricted"));
    }

    [Theory]
    [InlineData("defaultMode: deny\n", "c.yaml:1:14: defaultMode: \"deny\" is not enforce, warn or audit")]
    [InlineData("failurePolicy: sometimes\n", "c.yaml:1:16: failurePolicy: \"sometimes\" is not closed or open")]
    [InlineData("exemption: {}\n", "c.yaml:1:1: unknown key \"exemption\"")]
    [InlineData("exemptions:\n  users: [a]\n", "c.yaml:2:3: exemptions: unknown key \"users\"")]
    [InlineData("- a\n", "c.yaml:1:1: the configuration must be a mapping")]
    public void Invalid_config_names_file_line_and_column(string text, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => WebhookConfigReader.Parse(text, "c.yaml", []));
        Assert.StartsWith(expected, e.Message);
    }
}
