using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>
/// cluster-admin, or a role as powerful (a rule with <c>*</c> verbs, resources and API groups),
/// bound to any subject but the ones the bootstrap policy binds it to, and system:masters, which
/// RBAC does not restrict anyway. A <c>system:</c> name is no exemption: such users and groups are
/// as real (system:nodes is every kubelet) or as freely chosen (system:test) as any other.
/// </summary>
internal sealed class RbacClusterAdminBinding : InventoryRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-cluster-admin-binding",
        Title = "cluster-admin (or an equivalent wildcard role) is bound to a subject",
        Severity = Severity.Critical,
        Category = "rbac",
        Rationale = "cluster-admin can do anything to any object in any namespace, including reading every Secret and " +
                    "granting itself more. A stolen token or kubeconfig of a subject bound to it is the whole cluster. " +
                    "A role whose rule has \"*\" verbs, resources and API groups is the same thing under another name.",
        Remediation = "Bind people and service accounts to roles scoped to what they do, in the namespaces they work in; " +
                      "keep cluster-admin for break-glass access.",
        RemediationYaml = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: ci-deployer
              namespace: shop
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: edit
            subjects:
              - kind: ServiceAccount
                name: ci-deployer
                namespace: shop
            """,
        Fields =
        [
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (and the rules of the role it names, built-in cluster-admin included)", "a role without a rule granting * verbs on * resources of * API groups; subjects of the bootstrap binding and Group system:masters are not reported here"),
        ],
        References =
        [
            new("CIS", "5.1.1 Ensure that the cluster-admin role is only used where required"),
            new("Kubernetes docs", "RBAC good practices: least privilege", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege"),
        ],
    };

    public override IReadOnlySet<string> Kinds => Rbac.Kinds;

    public override void Check(Inventory inventory, InventoryContext context)
    {
        var policy = RbacPolicy.Of(inventory);
        foreach (var (entry, binding) in inventory.With<BindingSummary>())
        {
            // A redefined cluster-admin is still cluster-admin: the built-in rules are united with the copy's.
            if (!policy.Grants(entry, binding).Any(g => Rbac.IsAllWildcard(g.Rule))) continue;
            var what = binding.RoleName == "cluster-admin" && binding.RoleKind == "ClusterRole" ? "cluster-admin" : $"{binding.RoleKind} \"{binding.RoleName}\" (every verb on every resource: as cluster-admin)";
            var scope = entry.Kind == "ClusterRoleBinding" ? "in every namespace" : $"in namespace \"{entry.Namespace}\"";
            foreach (var subject in binding.Subjects.Where(s => !Rbac.IsBootstrapSubject(entry, binding, s) && !IsSuperuser(s)))
            {
                context.Report(entry, subject.Position, subject.Path, $"{entry.Kind} \"{Rbac.Qualified(entry)}\" grants {what} {scope} to {subject}");
            }
        }
    }

    // Members of system:masters are authorized before RBAC is asked: the binding adds nothing
    // (rbac-system-masters-subject reports naming the group).
    private static bool IsSuperuser(SubjectSummary s) => s.Kind == "Group" && s.Name == "system:masters";
}
