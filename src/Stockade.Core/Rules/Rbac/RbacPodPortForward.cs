using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can port-forward to pods.</summary>
public sealed class RbacPodPortForward : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-pod-portforward",
        Title = "Role can port-forward to pods",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "pods/portforward opens a tunnel from the subject's machine to any port of a pod, bypassing Services, Ingress and NetworkPolicies that guard the pod from the outside.",
        Remediation = "Remove create and get on pods/portforward; reach services through their normal, policed entry points.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["pods"]
                verbs: ["get", "list"]
            """,
        References =
        [
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role) =>
        Rbac.AllowedVerbs(rule, "", "pods/portforward", "create", "get") is { Count: > 0 } verbs ? $"allows {Rbac.Verbs(verbs)} on pods/portforward" : null;
}
