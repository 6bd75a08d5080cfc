using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// SELinux options that change the container's confinement: a type other than the container
/// domains, or any user or role. The container's seLinuxOptions replace the pod's as a whole.
/// </summary>
internal sealed class SeLinuxCustomOptions : PodRule
{
    /// <summary>The SELinux types the Pod Security Standards allow (container_engine_t since 1.31).</summary>
    public static readonly IReadOnlySet<string> AllowedTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "container_t", "container_init_t", "container_kvm_t", "container_engine_t",
    };

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "selinux-custom-options",
        Title = "Container sets custom SELinux options",
        Severity = Severity.Medium,
        Rationale = "The container runtime labels every container with an SELinux type (container_t) that keeps " +
                    "it away from host files and other containers. A different type, user or role can lift that " +
                    "separation, e.g. spc_t runs unconfined.",
        Remediation = "Remove seLinuxOptions.user and role, and leave type unset or use one of container_t, " +
                      "container_init_t, container_kvm_t, container_engine_t. Setting only level (MCS categories) is fine.",
        RemediationYaml = """
            securityContext:
              seLinuxOptions:
                level: "s0:c123,c456"
            """,
        Fields =
        [
            new("spec.securityContext.seLinuxOptions.type, spec.containers[*].securityContext.seLinuxOptions.type, spec.initContainers[*].securityContext.seLinuxOptions.type, spec.ephemeralContainers[*].securityContext.seLinuxOptions.type (the container's seLinuxOptions replace the pod's; the pod's are also read on their own)", "undefined/empty, container_t, container_init_t, container_kvm_t, container_engine_t"),
            new("spec.securityContext.seLinuxOptions.user, spec.containers[*].securityContext.seLinuxOptions.user, spec.initContainers[*].securityContext.seLinuxOptions.user, spec.ephemeralContainers[*].securityContext.seLinuxOptions.user, and the same .role fields", "undefined/empty"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "baseline: SELinux", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "seLinux"),
            new("CIS", "5.7.3 Apply Security Context to Your Pods and Containers"),
            new("NSA", "Kubernetes Hardening Guide: Use SELinux to restrict capabilities"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // SELinux is a Linux security module.
        if (pod.Spec.IsWindows) return;
        var podOptions = pod.PodSecurityContext?.SeLinuxOptions;
        var podOptionsReported = false;
        foreach (var container in pod.Spec.AllContainers)
        {
            var options = pod.Effective(container).SeLinuxOptions;
            if (options == null) continue;
            var reported = ReportProblems(options, container, context);
            if (ReferenceEquals(options, podOptions)) podOptionsReported |= reported;
        }
        // The pod's options also label the pod sandbox and its volumes, even when every container overrides them.
        if (podOptions != null && !podOptionsReported) ReportProblems(podOptions, null, context);
    }

    /// <returns>True when something was reported.</returns>
    private static bool ReportProblems(SeLinuxOptionsModel options, ContainerModel? container, RuleContext context)
    {
        var subject = container == null ? "pod" : $"container \"{container.DisplayName}\"";
        var reported = false;
        if (options.Type.IsSet && options.Type.Value.Length > 0 && !AllowedTypes.Contains(options.Type.Value))
        {
            context.Report(options.Type, $"{subject} runs with SELinux type {options.Type.Value} (seLinuxOptions.type={options.Type.Value})", container);
            reported = true;
        }
        if (options.User.IsSet && options.User.Value.Length > 0)
        {
            context.Report(options.User, $"{subject} sets SELinux user {options.User.Value} (seLinuxOptions.user={options.User.Value})", container);
            reported = true;
        }
        if (options.Role.IsSet && options.Role.Value.Length > 0)
        {
            context.Report(options.Role, $"{subject} sets SELinux role {options.Role.Value} (seLinuxOptions.role={options.Role.Value})", container);
            reported = true;
        }
        return reported;
    }
}
