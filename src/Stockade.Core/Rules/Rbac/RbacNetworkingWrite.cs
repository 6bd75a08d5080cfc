using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can change Services, endpoints, Ingresses or NetworkPolicies.</summary>
internal sealed class RbacNetworkingWrite : ResourcePermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-networking-write",
        Title = "Role can change Services, endpoints, Ingresses or NetworkPolicies",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "Writing Endpoints or EndpointSlices sends a Service's traffic to an address the subject chooses; a Service with externalIPs takes over traffic to any IP on every node (CVE-2020-8554); an Ingress publishes a backend under any host the controller serves; deleting or rewriting a NetworkPolicy opens what it isolated. Each one redirects or exposes other workloads' traffic.",
        Remediation = "Leave Services, Ingresses and NetworkPolicies to the deployment pipeline and endpoints to the control plane; give workloads read access only.",
        RemediationYaml = """
            rules:
              - apiGroups: ["", "networking.k8s.io"]
                resources: ["services", "ingresses", "networkpolicies"]
                verbs: ["get", "list", "watch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create, update, patch, delete or deletecollection on services, endpoints, endpointslices (discovery.k8s.io), ingresses or networkpolicies (networking.k8s.io, extensions) for every object (resourceNames unset); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without write access to them, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("Trivy", "KSV-0056"),
            new("CVE", "CVE-2020-8554", "https://github.com/kubernetes/kubernetes/issues/97076"),
        ],
    };

    protected override IReadOnlyList<(string Group, string Resource)> Resources { get; } =
    [
        ("", "services"), ("", "endpoints"), ("discovery.k8s.io", "endpointslices"),
        ("networking.k8s.io", "ingresses"), ("networking.k8s.io", "networkpolicies"), ("extensions", "ingresses"), ("extensions", "networkpolicies"),
    ];

    protected override string[] Verbs => Rbac.WriteVerbs;
}
