using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can delete events or pod logs.</summary>
internal sealed class RbacDeleteEvents : ResourcePermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-delete-events",
        Title = "Role can delete events or pod logs",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "Events record what happened in a namespace (pods created, images pulled, probes failed, volumes mounted) and are often the only trace of an intrusion in a cluster without an audit log shipped elsewhere. delete and deletecollection on events, or on pods/log, let a subject remove that trace.",
        Remediation = "Let events expire by the API server's --event-ttl; give people and workloads read access to events only.",
        RemediationYaml = """
            rules:
              - apiGroups: ["", "events.k8s.io"]
                resources: ["events"]
                verbs: ["get", "list", "watch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no delete or deletecollection on events (core and events.k8s.io) or pods/log for every object (resourceNames unset); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without delete on events, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("Trivy", "KSV-0042"),
            new("Kubescape", "C-0031"),
            new("MITRE ATT&CK for Containers", "T1070 Indicator Removal"),
        ],
    };

    protected override IReadOnlyList<(string Group, string Resource)> Resources { get; } = [("", "events"), ("events.k8s.io", "events"), ("", "pods/log")];

    protected override string[] Verbs { get; } = ["delete", "deletecollection"];
}
