using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A pod that writes entries into its containers' <c>/etc/hosts</c>.</summary>
internal sealed class HostAliases : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-aliases",
        Title = "Pod overrides name resolution with hostAliases",
        Severity = Severity.Low,
        Rationale = "hostAliases entries go into the kubelet-managed /etc/hosts of every container and win over DNS: a name " +
                    "(the registry, an identity provider, a database) resolves to an address the manifest's author chose, " +
                    "which bypasses DNS-based policy and monitoring and is a quiet way to redirect traffic. Legitimate uses " +
                    "exist (an air-gapped name), so the finding is Low; Trivy and kubesec count it.",
        Remediation = "Resolve names through the cluster's DNS (a Service, an ExternalName Service, a CoreDNS stub domain) instead of hostAliases.",
        RemediationYaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: legacy-db
            spec:
              type: ExternalName
              externalName: db.internal.example.com
            """,
        Fields =
        [
            new("spec.hostAliases", "undefined or empty"),
        ],
        References =
        [
            new("Trivy", "KSV-0007 Manages /etc/hosts"),
            new("kubesec", "HostAliases"),
            new("Kubernetes docs", "Adding entries to Pod /etc/hosts with HostAliases", "https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var aliases = pod.Spec.HostAliases;
        if (aliases.IsSet) context.Report(aliases, $"pod adds {aliases.Value} entr{(aliases.Value == 1 ? "y" : "ies")} to its containers' /etc/hosts (spec.hostAliases)");
    }
}
