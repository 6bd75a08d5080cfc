using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Network;

/// <summary>An Ingress that serves a host (or every host) without TLS.</summary>
internal sealed class IngressTlsMissing : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "ingress-tls-missing",
        Title = "Ingress serves plain HTTP",
        Severity = Severity.Medium,
        Category = "network",
        Rationale = "A host that no spec.tls entry lists is served over plain HTTP: credentials, session cookies and data " +
                    "cross the network readable and changeable by anyone on the path. The rule reports an Ingress without " +
                    "spec.tls, and each rules[].host that no tls[].hosts entry covers (a wildcard *.example.com covers one " +
                    "label). TLS ended in front of the cluster (a cloud load balancer) is invisible here; exempt such an " +
                    "Ingress with the reason. Polaris and Kubescape count it.",
        Remediation = "Add a spec.tls entry listing every host, with a Secret holding its certificate (cert-manager can issue it).",
        RemediationYaml = """
            spec:
              tls:
                - hosts: [shop.example.com]
                  secretName: shop-example-com-tls
            """,
        Fields =
        [
            new("Ingress spec.tls[*].hosts", "covers every spec.rules[*].host; an Ingress without spec.tls is reported"),
        ],
        References =
        [
            new("Polaris", "tlsSettingsMissing"),
            new("Kubescape", "C-0263 Ingress uses TLS"),
            new("Kubernetes docs", "Ingress: TLS", "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => obj.Kind == "Ingress" && obj.Group is "networking.k8s.io" or "extensions";

    public override void Check(KubeObject obj, RuleContext context)
    {
        var ctx = new DecodeContext(obj.Document.IsJson);
        var specPath = obj.PathOf("spec");
        var spec = ctx.Mapping(obj.Root, "spec", obj.PathPrefix);
        var tls = ctx.MappingItems(spec, "tls", specPath).ToList();
        if (tls.Count == 0)
        {
            context.Report(spec?.Position ?? obj.Position, FieldPaths.Join(specPath, "tls"), $"Ingress \"{obj.Name.Value}\" has no spec.tls: it is served over plain HTTP");
            return;
        }
        var covered = tls.SelectMany(t => ctx.Strings(t.Item, "hosts", t.Path)).Select(h => h.Value).ToList();
        foreach (var (rule, rulePath, _) in ctx.MappingItems(spec, "rules", specPath))
        {
            var host = ctx.String(rule, "host", rulePath);
            if (host.IsSet && !covered.Any(c => Covers(c, host.Value)))
            {
                context.Report(host, $"Ingress \"{obj.Name.Value}\": host {host.Value} is not listed in spec.tls, so it is served over plain HTTP");
            }
        }
    }

    private static bool Covers(string tlsHost, string host) =>
        string.Equals(tlsHost, host, StringComparison.OrdinalIgnoreCase)
        || (tlsHost.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('.') is var dot and > 0
            && string.Equals(tlsHost[1..], host[dot..], StringComparison.OrdinalIgnoreCase));
}
