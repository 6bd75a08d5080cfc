using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Network;

/// <summary>A Service of type NodePort or LoadBalancer: reachable from outside the cluster network.</summary>
internal sealed class ServiceNodeExposed : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "service-node-exposed",
        Title = "Service is exposed on the nodes or a load balancer",
        Severity = Severity.Low,
        Category = "network",
        Rationale = "A NodePort Service opens its port on every node's addresses, a LoadBalancer Service (which also allocates " +
                    "node ports unless allocateLoadBalancerNodePorts is false) on a cloud load balancer, usually public: the " +
                    "pods behind it are reachable from outside the cluster, past NetworkPolicies that only name pods and " +
                    "namespaces (source addresses are often rewritten to a node's), and without the TLS, authentication and " +
                    "logging an Ingress or Gateway gives. Exposure is sometimes the point (an ingress controller's own Service), " +
                    "hence Low; kube-score (NodePort) and kube-linter count it.",
        Remediation = "Use a ClusterIP Service behind an Ingress or Gateway; where a LoadBalancer is needed, restrict it with spec.loadBalancerSourceRanges or an internal load balancer annotation.",
        RemediationYaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              type: ClusterIP
              selector: {app: api}
              ports:
                - {port: 80, targetPort: 8080}
            """,
        Fields =
        [
            new("Service spec.type", "ClusterIP, ExternalName, undefined"),
        ],
        References =
        [
            new("kube-linter", "exposed-services"),
            new("kube-score", "service-type"),
            new("Kubescape", "C-0256 External facing"),
            new("Kubernetes docs", "Service type", "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "Service", ApiVersion: "v1" };

    public override void Check(KubeObject obj, RuleContext context)
    {
        var ctx = new DecodeContext(obj.Document.IsJson);
        var spec = ctx.Mapping(obj.Root, "spec", obj.PathPrefix);
        var type = ctx.String(spec, "type", obj.PathOf("spec"));
        if (type.Value is not ("NodePort" or "LoadBalancer")) return;
        var ranges = ctx.Strings(spec, "loadBalancerSourceRanges", obj.PathOf("spec"));
        var limited = type.Value == "LoadBalancer" && ranges.Count > 0 ? $" (the load balancer admits {string.Join(", ", ranges.Select(r => r.Value))})" : "";
        context.Report(type, $"Service \"{obj.Name.Value}\" is of type {type.Value}: its pods are reachable from outside the cluster{limited}");
    }
}
