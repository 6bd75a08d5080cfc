using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can approve certificate signing requests.</summary>
internal sealed class RbacCsrApproval : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-csr-approval",
        Title = "Role can approve certificate signing requests",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "Approving a CertificateSigningRequest needs update on certificatesigningrequests/approval and approve on the signer. With both, a subject can issue itself a client certificate for any identity the signer signs — system:masters included with the kube-apiserver-client signer.",
        Remediation = "Leave CSR approval to the controller manager and the kubelet-serving approver; remove the approval subresource and signer approve from other roles.",
        RemediationYaml = """
            rules:
              - apiGroups: ["certificates.k8s.io"]
                resources: ["certificatesigningrequests"]
                verbs: ["get", "list", "watch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "not both update or patch on certificatesigningrequests/approval and approve on signers (certificates.k8s.io) in the same role; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without CSR approval, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.11 Minimize access to the approval sub-resource of certificatesigningrequests objects"),
            new("Kubernetes docs", "Certificate signing requests: authorization", "https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization"),
        ],
    };

    /// <summary>Reported at the rule granting update on the approval subresource, when the role can also approve for a signer.</summary>
    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        var update = Rbac.AllowedVerbs(rule, "certificates.k8s.io", "certificatesigningrequests/approval", "update", "patch");
        if (update.Count == 0) return null;
        var signers = role.Rules.Where(r => r.ApiGroups.Contains("*") || r.ApiGroups.Contains("certificates.k8s.io"))
            .Where(r => (r.Resources.Contains("*") || r.Resources.Contains("signers")) && Rbac.VerbMatches(r, "approve"))
            .SelectMany(r => r.ResourceNames.Count == 0 ? ["every signer"] : r.ResourceNames)
            .Distinct().ToList();
        return signers.Count == 0 ? null : $"allows {Rbac.Verbs(update)} on certificatesigningrequests/approval and approve on signers ({string.Join(", ", signers)})";
    }
}
