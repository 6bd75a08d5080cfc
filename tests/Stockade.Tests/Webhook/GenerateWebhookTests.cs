using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Stockade.Profiles;
using Stockade.Tests.Cli;
using Stockade.Webhook;

namespace Stockade.Tests.Webhook;

public class GenerateWebhookTests
{
    [Theory]
    [InlineData("restricted")]
    [InlineData("hardened")]
    public async Task Generated_manifests_pass_stockades_own_profile_with_zero_findings(string profile)
    {
        var run = await CliHarness.Run("generate", "webhook");
        Assert.Equal(0, run.ExitCode);
        var result = TestScan.Yaml(run.Stdout, ProfileRegistry.Resolve(profile), failOn: Engine.Severity.Low);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings);
        Assert.Contains(result.Objects, o => o.Object.Kind == "Deployment");
    }

    [Fact]
    public async Task Webhook_gets_a_bound_token_and_a_cluster_role_with_only_subject_access_reviews_namespace_and_policy_reads()
    {
        var yaml = (await CliHarness.Run("generate", "webhook", "--namespace", "guard")).Stdout;
        Assert.DoesNotContain("never calls the Kubernetes API", yaml);
        var docs = yaml.Split("---\n");
        var role = Assert.Single(docs, d => d.Contains("\nkind: ClusterRole\n"));
        var rules = Regex.Matches(role, @"apiGroups: \[(.*?)\]\s+resources: \[(.*?)\]\s+verbs: \[(.*?)\]").Select(m => $"{m.Groups[1]}|{m.Groups[2]}|{m.Groups[3]}").ToList();
        Assert.Equal(["authorization.k8s.io|subjectaccessreviews|create", "\"\"|namespaces|get, list, watch",
            "admissionregistration.k8s.io|validatingadmissionpolicies, validatingadmissionpolicybindings|list, watch"], rules);
        var binding = Assert.Single(docs, d => d.Contains("\nkind: ClusterRoleBinding"));
        Assert.Contains("kind: ServiceAccount", binding);
        Assert.Contains("namespace: guard", binding);
        var deployment = Assert.Single(docs, d => d.Contains("kind: Deployment"));
        Assert.Contains("mountPath: /var/run/secrets/kubernetes.io/serviceaccount", deployment);
        Assert.Contains("expirationSeconds: 3600", deployment);
    }

    [Fact]
    public async Task Deployment_is_highly_available_and_webhooks_are_deliberate()
    {
        var yaml = (await CliHarness.Run("generate", "webhook", "--namespace", "guard", "--replicas", "3")).Stdout;
        Assert.Contains("replicas: 3", yaml);
        Assert.Contains("kind: PodDisruptionBudget", yaml);
        Assert.Contains("podAntiAffinity:", yaml);
        Assert.Contains("automountServiceAccountToken: false", yaml);
        Assert.Equal(6, Regex.Matches(yaml, "sideEffects: None").Count);
        Assert.Equal(6, Regex.Matches(yaml, "failurePolicy: Fail").Count);
        Assert.Equal(6, Regex.Matches(yaml, "timeoutSeconds: 5").Count);
        Assert.Equal(6, Regex.Matches(yaml, "values: \\[\"kube-system\", \"guard\"\\]").Count);
        foreach (var path in new[] { "/validate/baseline", "/validate/restricted", "/validate/hardened", "/validate/psp", "/mutate/psp", "/validate/policies" }) Assert.Contains($"path: {path}", yaml);
        Assert.Contains("values: [\"restricted\"]", yaml);
        var ignore = (await CliHarness.Run("generate", "webhook", "--failure-policy", "Ignore")).Stdout;
        Assert.Equal(6, Regex.Matches(ignore, "failurePolicy: Ignore").Count);
        var bad = await CliHarness.Run("generate", "webhook", "--replicas", "1");
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Deployment_serve_options_fit_its_memory_limit_and_termination_grace_period()
    {
        var yaml = (await CliHarness.Run("generate", "webhook")).Stdout;
        int Number(string pattern) => int.Parse(Regex.Match(yaml, pattern).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // The kubelet expands $(MEMORY_LIMIT_MB) from the container's own limit, so the budget follows an edited limit.
        Assert.Contains("- --memory-limit-mb=$(MEMORY_LIMIT_MB)", yaml);
        Assert.Matches("name: MEMORY_LIMIT_MB\\n\\s+valueFrom:\\n\\s+resourceFieldRef:\\n\\s+resource: limits.memory\\n\\s+divisor: 1Mi", yaml);
        Assert.Contains("- --audit-failure=deny", yaml);
        var limit = Number("limits:\\n\\s+cpu: \"1\"\\n\\s+memory: ([0-9]+)Mi") * 1024L * 1024;
        // One largest review, charged its worst shape, fits beside the process.
        Assert.True(ReviewBudget.BaseReserve + ReviewBudget.CostOf(new WebhookServerOptions { CertFile = "", KeyFile = "" }.MaxRequestBodyBytes) <= limit);
        var grace = Number("terminationGracePeriodSeconds: ([0-9]+)");
        Assert.True(grace > Number("--shutdown-delay=([0-9]+)") + Number("--shutdown-timeout=([0-9]+)"), $"grace {grace}s does not cover delay + drain");
    }

    [Fact]
    public async Task Generated_serving_certificate_chains_to_the_ca_bundle_and_names_the_service()
    {
        var yaml = (await CliHarness.Run("generate", "webhook")).Stdout;
        var pems = Regex.Matches(yaml, "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----").Select(m => Regex.Replace(m.Value, "\n\\s+", "\n")).ToList();
        Assert.Equal(2, pems.Count);
        var serving = X509Certificate2.CreateFromPem(pems[0]);
        var ca = X509Certificate2.CreateFromPem(pems[1]);
        var caBundle = Regex.Match(yaml, "caBundle: (\\S+)").Groups[1].Value;
        Assert.Equal(ca.RawData, X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(caBundle))).RawData);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(serving));
        Assert.True(serving.MatchesHostname("stockade-webhook.stockade-system.svc"));

        // The Secret's PEM pair is what `stockade serve` loads.
        var keyPem = Regex.Replace(Regex.Match(yaml, "-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----").Value, "\n\\s+", "\n");
        var dir = Directory.CreateTempSubdirectory("stockade-gen-").FullName;
        File.WriteAllText(Path.Combine(dir, "tls.crt"), pems[0]);
        File.WriteAllText(Path.Combine(dir, "tls.key"), keyPem);
        using var loaded = CertificateStore.Load(Path.Combine(dir, "tls.crt"), Path.Combine(dir, "tls.key"));
        Assert.True(loaded.HasPrivateKey);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Cert_manager_mode_has_no_private_key_and_injects_the_ca()
    {
        var yaml = (await CliHarness.Run("generate", "webhook", "--cert-manager")).Stdout;
        Assert.DoesNotContain("PRIVATE KEY", yaml);
        Assert.DoesNotContain("caBundle: ", yaml);
        Assert.Contains("kind: Certificate", yaml);
        Assert.Equal(2, Regex.Matches(yaml, "cert-manager.io/inject-ca-from: stockade-system/stockade-webhook-tls").Count);
    }
}
