using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Fix;

/// <summary>The fixed pod (the model after every edit) and the edits, in the order they were made.</summary>
internal sealed record PodFix(PodSubject Fixed, IReadOnlyList<FixChange> Changes);

/// <summary>
/// Computes the fix of one pod from its unsuppressed findings: each step reads the current model,
/// writes the safe value where the finding is (or once on the pod when that covers exactly the
/// containers with the finding) and replaces the model by the changed copy. Pure.
/// </summary>
internal static class PodFixer
{
    // The order matters where one edit enables another: privileged off before
    // allowPrivilegeEscalation=false (the API server rejects the pair), a UID before runAsNonRoot.
    private static readonly (string[] Rules, Action<FixSession> Step)[] Steps =
    [
        (["privileged-container", "pss-privileged"], ContainerFixes.Privileged),
        (["privilege-escalation-allowed", "pss-allow-privilege-escalation"], ContainerFixes.NoPrivilegeEscalation),
        (["run-as-root", "pss-run-as-non-root", "pss-run-as-user", "low-user-id"], IdentityFixes.RunAsUser),
        (["run-as-root", "pss-run-as-non-root"], IdentityFixes.RunAsNonRoot),
        (["low-group-id"], IdentityFixes.RunAsGroup),
        (["capabilities-drop-all", "pss-capabilities-restricted", "net-raw-not-dropped"], ContainerFixes.DropAll),
        (["writable-root-filesystem"], ContainerFixes.ReadOnlyRoot),
        (["seccomp-profile", "pss-seccomp-profile-restricted", "pss-seccomp-profile-baseline"], ProfileFixes.Seccomp),
        (["apparmor-unconfined", "pss-apparmor-profile"], ProfileFixes.AppArmor),
        (["unmasked-procmount", "pss-proc-mount", "pss-proc-mount-restricted"], ContainerFixes.ProcMount),
        (["host-path-writable"], ContainerFixes.HostPathReadOnly),
        (["service-account-token-automount"], AutomountToken),
    ];

    /// <summary>Every rule some step can fix (where a finding of it has a safe value).</summary>
    public static IReadOnlySet<string> FixableRules { get; } = Steps.SelectMany(s => s.Rules).ToHashSet(StringComparer.Ordinal);

    public static PodFix Fix(PodSubject pod, FixTargets targets, FixOptions options)
    {
        var session = new FixSession(pod, targets, options);
        foreach (var (rules, step) in Steps)
        {
            if (rules.Any(r => targets.Rules.Contains(r))) step(session);
        }
        return new PodFix(session.Pod, session.Changes);
    }

    /// <summary>The pod stops mounting a token (a workload that calls the API must then mount one itself, or be exempted).</summary>
    private static void AutomountToken(FixSession s)
    {
        if (s.Targets.PodRule("service-account-token-automount") is not { } rule || s.Pod.Spec.AutomountServiceAccountToken.Is(false)) return;
        s.SetSpec("/automountServiceAccountToken", JsonValue.Create(false), rule, "pod: automountServiceAccountToken=false",
            spec => spec with { AutomountServiceAccountToken = new Field<bool>(false, spec.Position, spec.Path, "automountServiceAccountToken") });
    }
}
