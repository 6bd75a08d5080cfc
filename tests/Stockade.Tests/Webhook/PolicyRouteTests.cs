using System.Net;
using System.Text.Json;

namespace Stockade.Tests.Webhook;

/// <summary>
/// <c>/validate/policies</c>: the ValidatingAdmissionPolicies of the configuration's <c>vapPolicies:</c>
/// evaluated with the real AdmissionReview, through the real webhook on 127.0.0.1.
/// </summary>
public sealed class PolicyRouteTests
{
    private const string Route = "/validate/policies";

    /// <summary>A policy on pods (every operation) with its Deny binding <c>NAME-binding</c>.</summary>
    internal static string Policy(string name, string validations, string actions = "[Deny]", string extra = "", string failurePolicy = "Fail") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: {name}
        spec:
          failurePolicy: {failurePolicy}
          matchConstraints:
            resourceRules:
            - apiGroups: [""]
              apiVersions: ["v1"]
              operations: ["*"]
              resources: ["pods"]
        {extra}
          validations:
        {validations}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: {name}-binding
        spec:
          policyName: {name}
          validationActions: {actions}
        ---

        """;

    private static async Task<WebhookHarness> Start(string policies, Func<Stockade.Webhook.WebhookServerOptions, Stockade.Webhook.WebhookServerOptions>? tweak = null)
    {
        var dir = Directory.CreateTempSubdirectory("stockade-vap-").FullName;
        File.WriteAllText(Path.Combine(dir, "vap.yaml"), policies);
        return await WebhookHarness.StartAsync($"vapPolicies: [{Path.Combine(dir, "vap.yaml")}]\n", tweak);
    }

    private static string Pod(string labels = "{}", string ns = "team-a") => Reviews.PodJson(Reviews.CompliantContainer, labels: labels, ns: ns);

    private static string Message(JsonElement r) => r.GetProperty("status").GetProperty("message").GetString()!;

    [Fact]
    public async Task A_deny_binding_denies_with_the_validations_reason_code_and_upstreams_message()
    {
        await using var h = await Start(Policy("team-label", """
              - expression: "'team' in object.metadata.labels"
                message: every pod has a team label
                reason: Forbidden
            """));
        var denied = await h.Review(Route, Reviews.Review(Pod()));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Equal(403, denied.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("Forbidden", denied.GetProperty("status").GetProperty("reason").GetString());
        Assert.Equal("ValidatingAdmissionPolicy 'team-label' with binding 'team-label-binding' denied request: every pod has a team label", Message(denied));

        var allowed = await h.Review(Route, Reviews.Review(Pod("""{"team": "shop"}""")));
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        Assert.Contains(h.AuditLines(), l => l.GetProperty("route").GetString() == Route && l.GetProperty("verdict").GetString() == "denied");
    }

    [Fact]
    public async Task A_validation_without_a_reason_denies_as_invalid_with_422()
    {
        await using var h = await Start(Policy("named", """
              - expression: object.metadata.name != 'web'
            """));
        var denied = await h.Review(Route, Reviews.Review(Pod()));
        Assert.Equal(422, denied.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("Invalid", denied.GetProperty("status").GetProperty("reason").GetString());
        Assert.EndsWith("denied request: failed expression: object.metadata.name != 'web'", Message(denied));
    }

    [Fact]
    public async Task Warn_bindings_answer_warnings_and_audit_bindings_a_validation_failure_annotation_as_upstream()
    {
        await using var h = await Start(Policy("warned", """
              - expression: "false"
                message: warned
            """, "[Warn]") + Policy("audited", """
              - expression: "true"
              - expression: "false"
                message: audited
            """, "[Audit]", extra: """
              auditAnnotations:
              - key: owner
                valueExpression: "'alice'"
            """));
        var r = await h.Review(Route, Reviews.Review(Pod()));
        Assert.True(r.GetProperty("allowed").GetBoolean());
        Assert.Equal(["Validation failed for ValidatingAdmissionPolicy 'warned' with binding 'warned-binding': warned"], Reviews.Warnings(r));
        Assert.Equal("""[{"message":"audited","policy":"audited","binding":"audited-binding","expressionIndex":1,"validationActions":["Audit"]}]""",
            Reviews.Annotation(r, "validation_failure"));
        Assert.Equal("""{"audited/owner":"alice"}""", Reviews.Annotation(r, "policy_audit_annotations"));
    }

    [Fact]
    public async Task Expressions_see_the_real_operation_user_old_object_and_dry_run()
    {
        await using var h = await Start(Policy("request", """
              - expression: request.userInfo.username != 'mallory'
                message: not mallory
              - expression: oldObject == null || !has(oldObject.metadata.labels.frozen)
                message: frozen
              - expression: request.operation != 'DELETE' || request.dryRun
                message: deletes only as dry runs
            """));
        Assert.Contains("not mallory", Message(await h.Review(Route, Reviews.Review(Pod(), user: "mallory"))));
        Assert.True((await h.Review(Route, Reviews.Review(Pod(), user: "alice"))).GetProperty("allowed").GetBoolean());
        var update = Reviews.Review(Pod(), operation: "UPDATE", oldObj: Pod("""{"frozen": "yes"}"""));
        Assert.Contains("frozen", Message(await h.Review(Route, update)));
        Assert.Contains("deletes only as dry runs", Message(await h.Review(Route, Reviews.Review("null", operation: "DELETE", oldObj: Pod()))));
        Assert.True((await h.Review(Route, Reviews.Review("null", operation: "DELETE", oldObj: Pod(), dryRun: true))).GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task NamespaceObject_and_namespace_selectors_read_the_namespace_cache()
    {
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["prod"] = new Dictionary<string, string> { ["tier"] = "prod" },
            ["dev"] = new Dictionary<string, string>(),
        };
        await using var h = await Start(Policy("prod-only", """
              - expression: namespaceObject.metadata.labels.?tier.orValue('') != 'prod' || has(object.metadata.labels.team)
                message: prod pods carry a team
              - expression: namespaceObject.metadata.labels['kubernetes.io/metadata.name'] == request.namespace
            """), o => o with { NamespaceLabels = name => labels.GetValueOrDefault(name) });
        Assert.Contains("prod pods carry a team", Message(await h.Review(Route, Reviews.Review(Pod(ns: "prod"), ns: "prod"))));
        Assert.True((await h.Review(Route, Reviews.Review(Pod(ns: "dev"), ns: "dev"))).GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task A_namespace_selector_on_unknown_namespace_labels_is_a_configuration_error_under_the_failure_policy()
    {
        var selector = "    namespaceSelector: {matchLabels: {tier: prod}}";
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["prod"] = new Dictionary<string, string> { ["tier"] = "prod" } };
        await using (var cluster = await Start(Policy("prod-only", "  - expression: 'false'", extra: selector), o => o with { NamespaceLabels = name => labels.GetValueOrDefault(name) }))
        {
            Assert.Equal("ValidatingAdmissionPolicy 'prod-only' with binding 'prod-only-binding' denied request: failed to configure policy: namespace \"gone\" not found",
                Message(await cluster.Review(Route, Reviews.Review(Pod(ns: "gone"), ns: "gone"))));
        }
        // Without a cluster the labels are unknown: the policy is not skipped as if the namespace had none.
        await using var h = await Start(Policy("prod-only", "  - expression: 'false'", extra: selector));
        var denied = await h.Review(Route, Reviews.Review(Pod(ns: "prod"), ns: "prod"));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Contains("labels of namespace \"prod\" are unknown", Message(denied));
        await using var open = await Start(Policy("prod-only", "  - expression: 'false'", extra: selector, failurePolicy: "Ignore"));
        Assert.True((await open.Review(Route, Reviews.Review(Pod(ns: "prod"), ns: "prod"))).GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Unknown_namespace_labels_are_no_error_for_a_request_the_rules_do_not_match()
    {
        // Upstream's matcher returns the namespace error only when the resource rules match: a
        // pods policy with a namespace selector must not deny a ConfigMap it is not about.
        await using var h = await Start(Policy("prod-only", "  - expression: 'false'", extra: "    namespaceSelector: {matchLabels: {tier: prod}}"));
        var configMap = """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web", "namespace": "prod"}}""";
        var r = await h.Review(Route, Reviews.Review(configMap, kind: "ConfigMap", resource: "configmaps", ns: "prod"));
        Assert.True(r.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task An_evaluation_error_denies_under_fail_and_is_ignored_under_ignore()
    {
        await using var h = await Start(Policy("closed", """
              - expression: object.spec.missing == 1
            """) + Policy("open", """
              - expression: object.spec.missing == 1
            """, failurePolicy: "Ignore").Replace("name: open-binding", "name: open-binding").Replace("resources: [\"pods\"]", "resources: [\"configmaps\"]"));
        var denied = await h.Review(Route, Reviews.Review(Pod()));
        Assert.Equal("ValidatingAdmissionPolicy 'closed' with binding 'closed-binding' denied request: expression 'object.spec.missing == 1' resulted in error: no such key: missing", Message(denied));
        var configMap = """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web", "namespace": "team-a"}, "spec": {}}""";
        var ignored = await h.Review(Route, Reviews.Review(configMap, kind: "ConfigMap", resource: "configmaps"));
        Assert.True(ignored.GetProperty("allowed").GetBoolean());
        Assert.Contains("stockade_validating_policy_check_total{policy=\"closed\",policy_binding=\"closed-binding\",enforcement_action=\"deny\",error_type=\"invalid_error\"} 1", h.Server.Metrics.Render());
    }

    [Fact]
    public async Task Metrics_count_each_policy_check_by_binding_and_action()
    {
        await using var h = await Start(Policy("team-label", """
              - expression: "'team' in object.metadata.labels"
            """));
        await h.Review(Route, Reviews.Review(Pod()));
        await h.Review(Route, Reviews.Review(Pod("""{"team": "a"}""")));
        Assert.Equal(1, h.Server.Metrics.PolicyChecks("team-label", "team-label-binding", "deny", "no_error"));
        Assert.Equal(1, h.Server.Metrics.PolicyChecks("team-label", "team-label-binding", "allow", "no_error"));
        Assert.Equal(2, h.Server.Metrics.Requests(Route, "denied") + h.Server.Metrics.Requests(Route, "allowed"));
    }

    [Fact]
    public async Task Policies_are_reloaded_with_the_configuration()
    {
        await using var h = await Start(Policy("named", """
              - expression: "true"
            """));
        Assert.True((await h.Review(Route, Reviews.Review(Pod()))).GetProperty("allowed").GetBoolean());
        var file = h.Server.Config.Current.VapPolicies.Policies[0].File;
        File.WriteAllText(file, Policy("named", """
              - expression: "object.metadata.name != 'web'"
                message: no pod named web, after the reload
            """));
        h.Server.Config.Poll();
        Assert.Contains("after the reload", Message(await h.Review(Route, Reviews.Review(Pod()))));
    }

    [Fact]
    public async Task A_rejected_policy_file_fails_the_start_with_its_position()
    {
        var e = await Assert.ThrowsAsync<Stockade.Config.ConfigException>(() => Start(Policy("bad", """
              - expression: "object.("
            """)));
        Assert.Matches(@"vap\.yaml:\d+:\d+: ", e.Message);
    }

    [Fact]
    public async Task Without_configured_policies_the_route_answers_404()
    {
        await using var h = await WebhookHarness.StartAsync();
        using var response = await h.Client.PostAsync(Route, WebhookHarness.Json(Reviews.Review(Pod())));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no ValidatingAdmissionPolicy is configured", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\"1.32\"", false)]
    [InlineData("1.33", true)]
    public void Kubernetes_version_chooses_the_CEL_environment_the_policies_compile_in(string version, bool compiles)
    {
        var dir = Directory.CreateTempSubdirectory("stockade-vap-").FullName;
        File.WriteAllText(Path.Combine(dir, "vap.yaml"), Policy("semver", """
                - expression: "isSemver('1.2.3')"
            """));
        var config = $"kubernetesVersion: {version}\nvapPolicies: [{Path.Combine(dir, "vap.yaml")}]\n";
        if (compiles)
        {
            Assert.Single(Stockade.Webhook.WebhookConfigReader.Parse(config, "webhook.yaml", []).VapPolicies.Policies);
            return;
        }
        var e = Assert.Throws<Stockade.Config.ConfigException>(() => Stockade.Webhook.WebhookConfigReader.Parse(config, "webhook.yaml", []));
        Assert.Contains("undeclared reference to 'isSemver'", e.Message);
    }

    [Fact]
    public void Unsupported_kubernetes_version_is_a_positioned_configuration_error()
    {
        var e = Assert.Throws<Stockade.Config.ConfigException>(() => Stockade.Webhook.WebhookConfigReader.Parse("kubernetesVersion: \"1.9\"\n", "webhook.yaml", []));
        Assert.StartsWith("webhook.yaml:1:20: kubernetesVersion: ", e.Message);
    }
}
