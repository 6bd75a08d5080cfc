using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Rbac;

/// <summary>A binding that grants a role to everyone: anonymous, unauthenticated or every authenticated user.</summary>
internal sealed class RbacBroadGroupSubject : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-broad-group-subject",
        Title = "Role bound to system:anonymous, system:unauthenticated or system:authenticated",
        Severity = Severity.Critical,
        Category = "rbac",
        Rationale = "system:anonymous and system:unauthenticated are anyone who can reach the API server without " +
                    "credentials; system:authenticated is every user and every service account of every namespace. " +
                    "A role bound to them is granted to the world, or to every pod's token.",
        Remediation = "Bind the role to the users, groups or service accounts that need it. Only the built-in discovery " +
                      "bindings (system:discovery, system:basic-user, system:public-info-viewer) are meant for these groups.",
        RemediationYaml = """
            subjects:
              - kind: Group
                name: shop-developers
                apiGroup: rbac.authorization.k8s.io
            """,
        Fields =
        [
            new("RoleBinding / ClusterRoleBinding subjects[*].kind, subjects[*].name (subjects a bootstrap binding already has are not read)", "anything but User system:anonymous, Group system:unauthenticated, Group system:authenticated; any subject in bindings of ClusterRole system:discovery, system:basic-user or system:public-info-viewer"),
        ],
        References =
        [
            new("CIS", "5.1.1 Ensure that the cluster-admin role is only used where required"),
            new("Kubernetes docs", "RBAC: default roles and role bindings", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles"),
            new("Kubernetes docs", "Anonymous requests", "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests"),
        ],
    };

    private static readonly HashSet<string> DiscoveryRoles = ["system:discovery", "system:basic-user", "system:public-info-viewer"];

    public override bool AppliesTo(KubeObject obj) => BindingSubjects.IsBinding(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var binding = BindingSubjects.Read(obj);
        if (binding.RoleKind == "ClusterRole" && DiscoveryRoles.Contains(binding.RoleName)) return;
        foreach (var s in BindingSubjects.Added(obj, binding))
        {
            var everyone = s.Kind == "User" && s.Name == "system:anonymous" || s.Kind == "Group" && s.Name is "system:unauthenticated" or "system:authenticated";
            if (everyone) context.Report(s.Position, obj.PathOf(s.Path), $"{BindingSubjects.Describe(obj, binding)} to {s.Kind} {s.Name}");
        }
    }
}
