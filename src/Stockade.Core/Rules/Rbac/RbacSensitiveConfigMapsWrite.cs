using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can change the ConfigMaps that run the cluster's DNS or decide who logs in.</summary>
internal sealed class RbacSensitiveConfigMapsWrite : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-sensitive-configmaps-write",
        Title = "Role can change the CoreDNS or aws-auth ConfigMap",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "kube-system/coredns is the cluster DNS configuration: whoever rewrites it answers every pod's lookups and sends any Service name to an address of its choosing. kube-system/aws-auth maps AWS IAM identities to Kubernetes users and groups on EKS: whoever writes it can map their own role to system:masters. Either is a cluster takeover, and a rule naming the ConfigMap in resourceNames grants it as surely as one for every ConfigMap.",
        Remediation = "Give no one but the cluster's provisioning write access to ConfigMaps in kube-system; on EKS manage access with access entries rather than aws-auth.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["configmaps"]
                resourceNames: ["coredns"]
                verbs: ["get"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, resourceNames, verbs (Roles in kube-system and ClusterRoles; aggregated ClusterRoles included)", "no update, patch or delete on configmaps unless resourceNames leaves out coredns and aws-auth; no create or deletecollection on every configmap; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding in kube-system / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without write access to configmaps, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("Kubescape", "C-0037"),
            new("Trivy", "KSV-0115"),
            new("Kubernetes docs", "Customizing DNS Service", "https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/"),
            new("AWS docs", "Grant IAM users access to Kubernetes with a ConfigMap", "https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html"),
        ],
    };

    private const string Namespace = "kube-system";

    private static readonly string[] Names = ["coredns", "aws-auth"];

    // A Role or RoleBinding elsewhere grants nothing in kube-system.
    protected override bool AppliesIn(string? ns) => ns is null or Namespace;

    // resourceNames counts here: a grant on the named ConfigMap is the finding. create and
    // deletecollection cannot be narrowed by name (the name is not known when they are authorized).
    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        if (!Rbac.GroupMatches(rule, "") || !Rbac.ResourceMatches(rule, "configmaps")) return null;
        var names = Names.Where(n => rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(n)).ToList();
        if (names.Count == 0) return null;
        var verbs = new[] { "update", "patch", "delete" }.Concat(rule.ResourceNames.Count == 0 ? ["create", "deletecollection"] : Array.Empty<string>())
            .Where(v => Rbac.VerbMatches(rule, v)).ToList();
        return verbs.Count == 0 ? null : $"allows {Rbac.Verbs(verbs)} on configmaps {string.Join(" and ", names.Select(n => $"{Namespace}/{n}"))}";
    }
}
