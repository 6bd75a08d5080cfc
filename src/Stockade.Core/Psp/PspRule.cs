using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// A pod (or pod template) that none of the given PodSecurityPolicies it may use admits as
/// written. One finding per refused field per usable policy, with <c>control</c> the PSP field
/// family, and one per policy the pod may not use (control <c>use</c>), saying why.
/// </summary>
internal sealed class PspRule(IReadOnlyList<PspPolicy> policies, PspAuthorizer? authorizer = null) : PodRule
{
    public const string RuleId = "psp";

    /// <summary>The control of the finding that a policy is not usable: the RBAC verb it lacks.</summary>
    public const string UseControl = "use";

    public IReadOnlyList<PspPolicy> Policies { get; } = policies;

    /// <summary>Which policies a pod may use; every one when not given.</summary>
    public PspAuthorizer Authorizer { get; } = authorizer ?? PspAuthorizer.Everyone;

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = RuleId,
        Title = "Pod is not admitted by any PodSecurityPolicy",
        Severity = Severity.High,
        Rationale = "With the PodSecurityPolicy admission controller a pod is created only when at least one policy " +
                    "admits it. A manifest that no policy admits is rejected at deploy time (or its controller " +
                    "never creates pods).",
        Remediation = "Change the fields named in the findings to what one policy allows, or run " +
                      "`stockade mutate --policy …` to see the pod as admission would default it.",
        RemediationYaml = """
            securityContext:
              runAsNonRoot: true
              allowPrivilegeEscalation: false
              capabilities:
                drop: ["ALL"]
            """,
        Fields =
        [
            new("spec.hostNetwork, spec.hostPID, spec.hostIPC; spec.containers[*].ports[*].hostPort and the same field of spec.initContainers[*]", "what one policy's hostNetwork, hostPID, hostIPC and hostPorts allow"),
            new("securityContext.privileged, allowPrivilegeEscalation, capabilities.add/drop, readOnlyRootFilesystem, procMount of every container, init container and ephemeral container", "what the same policy's privileged, allowPrivilegeEscalation, allowedCapabilities, requiredDropCapabilities, defaultAddCapabilities, readOnlyRootFilesystem and allowedProcMountTypes allow"),
            new("runAsUser, runAsGroup, runAsNonRoot, seLinuxOptions of the pod and of each container; spec.securityContext.fsGroup, supplementalGroups, sysctls", "what the same policy's runAsUser, runAsGroup, seLinux, fsGroup, supplementalGroups, allowedUnsafeSysctls and forbiddenSysctls allow"),
            new("spec.volumes[*] (type, hostPath.path, flexVolume.driver, csi.driver) and the containers' volumeMounts[*].readOnly of hostPath volumes", "what the same policy's volumes, allowedHostPaths (readOnly included), allowedFlexVolumes and allowedCSIDrivers allow"),
            new("spec.runtimeClassName; seccomp and AppArmor profiles (fields and annotations)", "what the same policy's runtimeClass and seccomp / AppArmor annotations allow"),
            new("(all of the above)", "admitted as written by at least one of the given policies; no policy given: not read"),
        ],
        References =
        [
            new("PSP", "PodSecurityPolicy admission", "https://v1-24.docs.kubernetes.io/docs/concepts/security/pod-security-policy/"),
        ],
        Category = "psp",
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        if (Policies.Count == 0) return;
        var (admitting, refusals, unusable) = PspAdmission.CheckAsWritten(Policies, pod, Authorizer);
        if (admitting != null) return;
        var considered = refusals.Count == 0 ? "no policy is usable by the pod"
            : "considered: " + string.Join(", ", refusals.Select(r => $"\"{r.Policy.Name}\""));
        // Who may use a policy is decided by the pod's service account (or its creator), written in the pod's metadata.
        var sa = pod.Spec.ServiceAccountName;
        var (position, path) = sa.IsSet ? (sa.Position, sa.Path) : (pod.MetadataPosition, pod.MetadataPath);
        foreach (var u in unusable)
        {
            context.Report(position, path, $"PodSecurityPolicy \"{u.Policy.Name}\" ({u.Policy.Location}) is not usable: {u.Reason} ({considered})", null, UseControl);
        }
        foreach (var (policy, errors) in refusals)
        {
            foreach (var e in errors)
            {
                var container = e.Container == null ? null : pod.Spec.AllContainers.FirstOrDefault(c => e.Path.StartsWith(c.Path + ".", StringComparison.Ordinal) || c.DisplayName == e.Container);
                var who = e.Container != null ? $"container \"{e.Container}\": " : "";
                context.Report(e.Position, e.Path, $"PodSecurityPolicy \"{policy.Name}\" ({policy.Location}) refuses {who}{e.Message}", container, e.Control);
            }
        }
    }
}
