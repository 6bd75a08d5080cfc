using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Rbac;

/// <summary>A binding naming the system:masters group, whose members bypass RBAC altogether.</summary>
internal sealed class RbacSystemMastersSubject : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-system-masters-subject",
        Title = "Binding names the system:masters group",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "Members of system:masters are authorized for everything before RBAC is consulted, and the group " +
                    "cannot be revoked: a client certificate with O=system:masters stays cluster-admin until it expires. " +
                    "A binding naming it signals that certificates in that group are being issued and relied on.",
        Remediation = "Do not issue credentials in system:masters; bind a dedicated group to the role it needs instead.",
        RemediationYaml = """
            subjects:
              - kind: Group
                name: platform-admins
                apiGroup: rbac.authorization.k8s.io
            """,
        Fields =
        [
            new("RoleBinding / ClusterRoleBinding subjects[*].kind, subjects[*].name (subjects a bootstrap binding already has are not read)", "anything but Group system:masters"),
        ],
        References =
        [
            new("CIS", "5.1.7 Avoid use of system:masters group"),
            new("Kubernetes docs", "RBAC good practices: avoid system:masters", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => BindingSubjects.IsBinding(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var binding = BindingSubjects.Read(obj);
        // The bootstrap cluster-admin binding names system:masters; it is Kubernetes' own.
        foreach (var s in BindingSubjects.Added(obj, binding).Where(s => s.Kind == "Group" && s.Name == "system:masters"))
        {
            context.Report(s.Position, obj.PathOf(s.Path), $"{BindingSubjects.Describe(obj, binding)} to Group system:masters");
        }
    }
}
