using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Network;

/// <summary>A Service that sets <c>spec.externalIPs</c> (CVE-2020-8554).</summary>
internal sealed class ServiceExternalIps : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "service-external-ips",
        Title = "Service sets externalIPs",
        Severity = Severity.High,
        Category = "network",
        Rationale = "kube-proxy routes traffic for every address in a Service's externalIPs to its pods, on every node, " +
                    "without checking that the address belongs to the Service's owner: whoever can create a Service can " +
                    "take over traffic the cluster's pods and nodes send to any IP (another Service's, a DNS server's, an " +
                    "external API's) — CVE-2020-8554, unfixed by design. Kubernetes' advice is to refuse externalIPs with the " +
                    "DenyServiceExternalIPs admission plugin (or a policy allowing listed addresses only).",
        Remediation = "Remove spec.externalIPs; expose the Service through a LoadBalancer or Ingress, and enable DenyServiceExternalIPs on the API server.",
        RemediationYaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              type: LoadBalancer
              selector: {app: api}
              ports:
                - {port: 443, targetPort: 8443}
            """,
        Fields =
        [
            new("Service spec.externalIPs", "undefined or empty"),
        ],
        References =
        [
            new("Trivy", "KSV-0108 Service with External IP"),
            new("CVE", "CVE-2020-8554 Man in the middle using LoadBalancer or ExternalIPs", "https://github.com/kubernetes/kubernetes/issues/97076"),
            new("Kubernetes docs", "Admission controllers: DenyServiceExternalIPs", "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "Service", ApiVersion: "v1" };

    public override void Check(KubeObject obj, RuleContext context)
    {
        var ctx = new DecodeContext(obj.Document.IsJson);
        var ips = ctx.Strings(ctx.Mapping(obj.Root, "spec", obj.PathPrefix), "externalIPs", obj.PathOf("spec"));
        if (ips.Count == 0) return;
        context.Report(ips[0], $"Service \"{obj.Name.Value}\" claims externalIPs {string.Join(", ", ips.Select(i => i.Value))}: kube-proxy sends every node's and pod's traffic for them to its pods (CVE-2020-8554)");
    }
}
