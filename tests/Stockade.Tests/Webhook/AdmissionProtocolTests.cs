using System.Text;
using System.Text.Json;
using Stockade.Engine;
using Stockade.PodSecurity;
using Stockade.Profiles;

namespace Stockade.Tests.Webhook;

/// <summary>The AdmissionReviews the API server sends, over real TLS sockets, and what comes back.</summary>
public class AdmissionProtocolTests
{
    [Fact]
    public async Task PodCreate_violating_restricted_is_denied_with_the_message_scan_gives()
    {
        await using var h = await WebhookHarness.StartAsync();
        var pod = Reviews.PodJson(Reviews.PrivilegedContainer);
        var response = await h.Review("/validate/restricted", Reviews.Review(pod, uid: "uid-1"));

        Assert.Equal("uid-1", response.GetProperty("uid").GetString());
        Assert.False(response.GetProperty("allowed").GetBoolean());
        var status = response.GetProperty("status");
        Assert.Equal(403, status.GetProperty("code").GetInt32());
        Assert.Equal("Forbidden", status.GetProperty("reason").GetString());
        var scanned = TestScan.Yaml(pod, ProfileRegistry.Resolve("restricted"));
        var expected = PodSecurityMessage.Render("restricted:latest", scanned.Findings.Where(f => !f.Suppressed && f.Severity >= Severity.High));
        Assert.NotNull(expected);
        Assert.StartsWith("violates PodSecurity \"restricted:latest\": ", expected);
        Assert.Equal(expected, status.GetProperty("message").GetString());
        Assert.Equal("restricted:latest", Reviews.Annotation(response, "enforce-policy"));
    }

    [Fact]
    public async Task Versioned_profile_route_names_the_version()
    {
        await using var h = await WebhookHarness.StartAsync();
        var response = await h.Review("/validate/restricted:v1.30", Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer)));
        Assert.StartsWith("violates PodSecurity \"restricted:v1.30\": ", response.GetProperty("status").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Compliant_pod_is_allowed_and_baseline_allows_what_restricted_denies()
    {
        await using var h = await WebhookHarness.StartAsync();
        var ok = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer)));
        Assert.True(ok.GetProperty("allowed").GetBoolean());
        Assert.False(ok.TryGetProperty("status", out _));
        var bare = Reviews.PodJson("""{"name": "app", "image": "nginx"}""");
        Assert.False((await h.Review("/validate/restricted", Reviews.Review(bare))).GetProperty("allowed").GetBoolean());
        Assert.True((await h.Review("/validate/baseline", Reviews.Review(bare))).GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Hardened_route_denies_with_rule_ids()
    {
        await using var h = await WebhookHarness.StartAsync();
        var response = await h.Review("/validate/hardened", Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer)));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        var message = response.GetProperty("status").GetProperty("message").GetString()!;
        Assert.StartsWith("violates Stockade profile \"hardened\": ", message);
        Assert.Contains("privileged-container (", message);
    }

    [Fact]
    public async Task Deployment_create_is_warned_by_default_and_denied_when_workloads_are_enforced()
    {
        var deployment = Reviews.Review(Reviews.DeploymentJson(Reviews.PrivilegedContainer), kind: "Deployment", group: "apps", resource: "deployments");
        await using (var h = await WebhookHarness.StartAsync())
        {
            var warned = await h.Review("/validate/restricted", deployment);
            Assert.True(warned.GetProperty("allowed").GetBoolean());
            var warning = Assert.Single(Reviews.Warnings(warned));
            Assert.StartsWith("would violate PodSecurity \"restricted:latest\": ", warning);
            Assert.Contains("privileged (container \"app\"", warning);
        }
        await using (var h = await WebhookHarness.StartAsync("workloads: enforce\n"))
        {
            var denied = await h.Review("/validate/restricted", deployment);
            Assert.False(denied.GetProperty("allowed").GetBoolean());
            Assert.Equal(403, denied.GetProperty("status").GetProperty("code").GetInt32());
        }
        await using (var h = await WebhookHarness.StartAsync("workloads: ignore\n"))
        {
            var ignored = await h.Review("/validate/restricted", deployment);
            Assert.True(ignored.GetProperty("allowed").GetBoolean());
            Assert.Empty(Reviews.Warnings(ignored));
        }
    }

    [Fact]
    public async Task Pod_update_is_evaluated_only_when_an_image_changes()
    {
        await using var h = await WebhookHarness.StartAsync();
        var old = Reviews.PodJson(Reviews.PrivilegedContainer, labels: """{"v": "1"}""");
        var relabelled = Reviews.PodJson(Reviews.PrivilegedContainer, labels: """{"v": "2"}""", annotations: """{"note": "x"}""");
        var labelsOnly = await h.Review("/validate/restricted", Reviews.Review(relabelled, "UPDATE", old));
        Assert.True(labelsOnly.GetProperty("allowed").GetBoolean());

        var newImage = Reviews.PodJson(Reviews.PrivilegedContainer.Replace("app:1.0", "app:2.0"));
        var imageChanged = await h.Review("/validate/restricted", Reviews.Review(newImage, "UPDATE", old));
        Assert.False(imageChanged.GetProperty("allowed").GetBoolean());

        var missingOld = await h.Review("/validate/restricted", Reviews.Review(newImage, "UPDATE"));
        Assert.Equal(400, missingOld.GetProperty("status").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Ephemeral_container_added_through_the_subresource_is_checked()
    {
        await using var h = await WebhookHarness.StartAsync();
        var old = Reviews.PodJson(Reviews.CompliantContainer);
        var debug = """, "ephemeralContainers": [{"name": "debugger", "image": "busybox", "securityContext": {"privileged": true}}]""";
        var withDebugger = Reviews.PodJson(Reviews.CompliantContainer).Replace("}]}}", "}]" + debug + "}}");
        Assert.Contains("ephemeralContainers", withDebugger);
        var response = await h.Review("/validate/baseline", Reviews.Review(withDebugger, "UPDATE", old, subResource: "ephemeralcontainers"));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Contains("debugger", response.GetProperty("status").GetProperty("message").GetString());

        // Other subresources (status, exec…) cannot change the pod spec and are not evaluated.
        var status = await h.Review("/validate/baseline", Reviews.Review(withDebugger, "UPDATE", old, subResource: "status"));
        Assert.True(status.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Exempt_users_namespaces_and_runtime_classes_are_allowed_and_annotated()
    {
        const string config = """
            exemptions:
              usernames: ["system:serviceaccount:ci:deployer"]
              namespaces: [legacy]
              runtimeClassNames: [kata]
            """;
        await using var h = await WebhookHarness.StartAsync(config);
        var pod = Reviews.PodJson(Reviews.PrivilegedContainer);
        var byUser = await h.Review("/validate/restricted", Reviews.Review(pod, user: "system:serviceaccount:ci:deployer"));
        Assert.True(byUser.GetProperty("allowed").GetBoolean());
        Assert.Equal("user", Reviews.Annotation(byUser, "exempt"));
        var byNamespace = await h.Review("/validate/restricted", Reviews.Review(pod, ns: "legacy"));
        Assert.Equal("namespace", Reviews.Annotation(byNamespace, "exempt"));
        var kata = Reviews.PodJson(Reviews.PrivilegedContainer, extraSpec: "\"runtimeClassName\": \"kata\", ");
        var byRuntimeClass = await h.Review("/validate/restricted", Reviews.Review(kata));
        Assert.True(byRuntimeClass.GetProperty("allowed").GetBoolean());
        Assert.Equal("runtimeClass", Reviews.Annotation(byRuntimeClass, "exempt"));
        var other = await h.Review("/validate/restricted", Reviews.Review(pod, user: "bob"));
        Assert.False(other.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Annotation_exemption_suppresses_the_finding_in_an_opted_in_namespace()
    {
        await using var h = await WebhookHarness.StartAsync("annotationExemptions:\n  namespaces: [team-a]\n");
        var pod = Reviews.PodJson("""{"name": "app", "image": "x", "securityContext": {"privileged": true}}""",
            annotations: """{"exempt.stockade.dev/privileged-container": "node agent; expires=2099-01-01"}""");
        var response = await h.Review("/validate/hardened", Reviews.Review(pod));
        var message = response.TryGetProperty("status", out var s) ? s.GetProperty("message").GetString()! : "";
        Assert.DoesNotContain("privileged-container", message);
    }

    [Fact]
    public async Task DryRun_gets_the_same_decision_and_is_marked_in_the_audit_log()
    {
        await using var h = await WebhookHarness.StartAsync();
        var response = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer), dryRun: true, uid: "dry"));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        var line = Assert.Single(h.AuditLines(), l => l.GetProperty("uid").GetString() == "dry");
        Assert.True(line.GetProperty("dryRun").GetBoolean());
        Assert.Equal("denied", line.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Warn_and_audit_modes_allow_with_warning_or_audit_annotation()
    {
        await using var h = await WebhookHarness.StartAsync("""
            routes:
              restricted: warn
              baseline: audit
            """);
        var pod = Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer));
        var warned = await h.Review("/validate/restricted", pod);
        Assert.True(warned.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("would violate PodSecurity \"restricted:latest\": ", Assert.Single(Reviews.Warnings(warned)));
        var audited = await h.Review("/validate/baseline", pod);
        Assert.True(audited.GetProperty("allowed").GetBoolean());
        Assert.Empty(Reviews.Warnings(audited));
        Assert.StartsWith("would violate PodSecurity \"baseline:latest\": privileged", Reviews.Annotation(audited, "audit-violations"));
    }

    [Fact]
    public async Task Delete_and_connect_are_not_evaluated()
    {
        await using var h = await WebhookHarness.StartAsync();
        var response = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer), "DELETE"));
        Assert.True(response.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Psp_mutate_answers_a_json_patch_and_validate_refuses_privileged()
    {
        var dir = Directory.CreateTempSubdirectory("stockade-psp-").FullName;
        var psp = Path.Combine(dir, "psp.yaml");
        File.WriteAllText(psp, """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: restricted
            spec:
              privileged: false
              allowPrivilegeEscalation: false
              defaultAllowPrivilegeEscalation: false
              runAsUser: {rule: MustRunAsNonRoot}
              seLinux: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
              volumes: ["*"]
            """);
        await using var h = await WebhookHarness.StartAsync(policyFiles: [psp]);
        var plain = Reviews.PodJson("""{"name": "app", "image": "x", "securityContext": {"runAsNonRoot": true}}""");
        var mutated = await h.Review("/mutate/psp", Reviews.Review(plain));
        Assert.True(mutated.GetProperty("allowed").GetBoolean());
        Assert.Equal("JSONPatch", mutated.GetProperty("patchType").GetString());
        var patch = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(mutated.GetProperty("patch").GetString()!))).RootElement;
        var ops = patch.EnumerateArray().Select(o => (o.GetProperty("op").GetString(), o.GetProperty("path").GetString())).ToList();
        Assert.Contains(ops, o => o.Item2 == "/metadata/annotations/kubernetes.io~1psp" || o.Item2!.StartsWith("/metadata/annotations"));
        Assert.Contains(ops, o => o.Item2!.EndsWith("allowPrivilegeEscalation"));

        var privileged = await h.Review("/validate/psp", Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer)));
        Assert.False(privileged.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("PodSecurityPolicy: unable to validate pod: [", privileged.GetProperty("status").GetProperty("message").GetString());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Object_the_api_server_would_not_decode_is_a_400_review()
    {
        await using var h = await WebhookHarness.StartAsync();
        var pod = """{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": "not-a-list"}}""";
        var response = await h.Review("/validate/restricted", Reviews.Review(pod, uid: "bad-object"));
        Assert.Equal("bad-object", response.GetProperty("uid").GetString());
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Equal(400, response.GetProperty("status").GetProperty("code").GetInt32());
        Assert.StartsWith("failed to decode Pod: ", response.GetProperty("status").GetProperty("message").GetString());

        var mismatched = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer), kind: "Deployment", group: "apps", resource: "deployments"));
        Assert.Equal(400, mismatched.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal(2, h.Server.Metrics.Errors("/validate/restricted", "undecodable_object"));
    }

    [Fact]
    public async Task Scanner_configuration_exemptions_apply_to_admission()
    {
        var dir = Directory.CreateTempSubdirectory("stockade-scanner-config-").FullName;
        File.WriteAllText(Path.Combine(dir, "scanner.yaml"), """
            exemptions:
              - rules: [pss-privileged, pss-allow-privilege-escalation]
                namespace: team-a
                name: web
                reason: node agent, reviewed (SEC-1)
            """);
        var config = $"scannerConfig: {Path.Combine(dir, "scanner.yaml")}\n";
        await using var h = await WebhookHarness.StartAsync(config);
        var pod = Reviews.PodJson("""{"name": "app", "image": "x", "securityContext": {"privileged": true, "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}}""");
        var exempted = await h.Review("/validate/restricted", Reviews.Review(pod));
        Assert.True(exempted.GetProperty("allowed").GetBoolean());
        var other = Reviews.PodJson("""{"name": "app", "image": "x", "securityContext": {"privileged": true, "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}}""", name: "other");
        var denied = await h.Review("/validate/restricted", Reviews.Review(other));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Tls_1_2_clients_are_served()
    {
        await using var h = await WebhookHarness.StartAsync();
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12,
                RemoteCertificateValidationCallback = (_, cert, _, errors) => h.Pki.Validates(cert as System.Security.Cryptography.X509Certificates.X509Certificate2, errors),
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = h.Server.Address };
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
