using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>
/// Which rules of the hardened profile <c>generate admission-policies</c> writes as policies, and
/// why each other one is not: every rule of the profile is one or the other, so none is dropped
/// without a word (the generated file and docs/admission-policies.md list the reasons).
/// </summary>
internal static class HardenedCoverage
{
    private const string Bundle = "reads other objects: ";
    private const string NotYet = "not written in CEL yet: ";
    private const string Patterns = "matches .NET regular expressions or word lists over commands, images or values, which CEL's RE2 does not reproduce exactly";

    /// <summary>The pod rules of the profile that are not generated, with the reason.</summary>
    private static readonly Dictionary<string, string> PodRuleReasons = new(StringComparer.Ordinal)
    {
        ["cpu-requests-missing"] = Bundle + "the namespace's LimitRange defaults",
        ["memory-requests-missing"] = Bundle + "the namespace's LimitRange defaults",
        ["cpu-limits-missing"] = Bundle + "the namespace's LimitRange defaults",
        ["memory-limits-missing"] = Bundle + "the namespace's LimitRange defaults",
        ["ephemeral-storage-limits-missing"] = Bundle + "the namespace's LimitRange defaults",
        ["service-account-token-automount"] = Bundle + "the pod's ServiceAccount (its automountServiceAccountToken)",
        ["image-registry-not-allowed"] = "its allowedRegistries are .NET regular expressions from .stockade.yaml (none by default, and then it reports nothing)",
        ["default-service-account"] = NotYet + "the rule leaves out static pods (a node's manifests, the mirror annotation), which depends on where the pod was read",
        ["no-scheduling-constraint"] = NotYet + "the rule leaves out static pods (a node's manifests, the mirror annotation), which depends on where the pod was read",
        ["container-runtime-socket"] = NotYet + "host paths compared as the kubelet resolves them (cleaned paths, parents of the sockets)",
        ["host-path-sensitive"] = NotYet + "host paths compared as the kubelet resolves them (cleaned paths, sensitive parents)",
        ["seccomp-profile"] = NotYet + "fields and the legacy annotations, by the field's Kubernetes version",
        ["apparmor-unconfined"] = NotYet + "fields and the legacy annotations, by the field's Kubernetes version",
        ["selinux-custom-options"] = NotYet + "the SELinux type, user and role rules",
        ["secret-env-var"] = NotYet + "Secret references in env and envFrom",
        ["image-registry-deprecated"] = NotYet + "registry host parsing of image references",
        ["credentials-in-env"] = Patterns,
        ["sshd-container"] = Patterns,
        ["sudo-in-entrypoint"] = Patterns,
        ["git-sync-git-binary"] = Patterns,
        ["tiller-deployed"] = Patterns,
        ["kubernetes-dashboard"] = Patterns,
        ["kube-system-workload"] = NotYet + "placement in kube-system and component labels",
    };

    /// <summary>Every rule of the hardened profile, with null when it is generated, else why not.</summary>
    public static IReadOnlyList<(Rule Rule, string? Reason)> Rules =>
        [.. Catalog.Hardened.Select(r => (r, HardenedRuleCel.Findings.ContainsKey(r.Id) ? null : Reason(r)))];

    /// <summary>The generated rules, in catalogue order.</summary>
    public static IReadOnlyList<Rule> Generated => [.. Rules.Where(r => r.Reason == null).Select(r => r.Rule)];

    private static string Reason(Rule rule)
    {
        if (PodRuleReasons.TryGetValue(rule.Id, out var why)) return why;
        if (ControlPlaneRules.All.Contains(rule) || KubeletRules.All.Contains(rule) || EncryptionRules.All.Contains(rule) || AuditPolicyRules.All.Contains(rule))
        {
            return "judges control-plane or node configuration (static pods, kubelet and audit files), which is not admitted through the API server";
        }
        return rule switch
        {
            InventoryRule => Bundle + "the whole input (RBAC bindings and roles, namespaces and their NetworkPolicies, quotas)",
            DocumentRule => "judges how the YAML is written, which the API server never sees",
            ObjectRule => "an object rule, not a pod rule: not generated (only pod rules are)",
            PodRule => throw new InvalidOperationException($"hardened pod rule {rule.Id} has neither CEL nor a reason it is not generated"),
            _ => "not a pod rule",
        };
    }
}
