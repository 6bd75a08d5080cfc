using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Rbac;

/// <summary>A role bound to a namespace's <c>default</c> ServiceAccount, which every pod without its own account runs as.</summary>
internal sealed class RbacDefaultServiceAccountBound : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-default-serviceaccount-bound",
        Title = "Role bound to a default ServiceAccount",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "Every pod that names no service account runs as its namespace's default ServiceAccount. A role " +
                    "bound to it is granted to all of them, including pods added later by anyone who can create pods.",
        Remediation = "Create a ServiceAccount for the workload that needs the role, bind the role to it and set " +
                      "serviceAccountName in that workload.",
        RemediationYaml = """
            subjects:
              - kind: ServiceAccount
                name: storefront
                namespace: shop
            """,
        Fields =
        [
            new("RoleBinding / ClusterRoleBinding subjects[*].kind, subjects[*].name (subjects a bootstrap binding already has are not read)", "anything but ServiceAccount default, User system:serviceaccount:<namespace>:default"),
        ],
        References =
        [
            new("CIS", "5.1.5 Ensure that default service accounts are not actively used"),
            new("Kubernetes docs", "Configure service accounts for pods", "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => BindingSubjects.IsBinding(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var binding = BindingSubjects.Read(obj);
        var subjects = BindingSubjects.Added(obj, binding).ToList();
        foreach (var s in subjects.Where(s => s.Kind == "ServiceAccount" && s.Name == "default"))
        {
            context.Report(s.Position, obj.PathOf(s.Path), $"{BindingSubjects.Describe(obj, binding)} to {s}");
        }
        // system:serviceaccount:NS:default named as a User is the same identity.
        foreach (var s in subjects.Where(s => s.Kind == "User" && s.Name.StartsWith("system:serviceaccount:", StringComparison.Ordinal) && s.Name.EndsWith(":default", StringComparison.Ordinal)))
        {
            context.Report(s.Position, obj.PathOf(s.Path), $"{BindingSubjects.Describe(obj, binding)} to User {s.Name} (a default ServiceAccount)");
        }
    }
}
