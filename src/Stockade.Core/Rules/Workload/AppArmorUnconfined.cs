using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A container whose AppArmor profile is explicitly Unconfined. The kubelet takes the container's
/// field, then the container's legacy annotation, then the pod's field; unset means the runtime's
/// default profile, which is fine.
/// </summary>
internal sealed class AppArmorUnconfined : PodRule
{
    public const string ContainerAnnotationPrefix = LegacyAnnotations.AppArmorContainerPrefix;

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apparmor-unconfined",
        Title = "Container runs AppArmor unconfined",
        Severity = Severity.High,
        Rationale = "The container runtime's default AppArmor profile denies writes to /proc and /sys, mounts and " +
                    "other operations used to break out of a container. Unconfined removes that layer.",
        Remediation = "Remove the Unconfined AppArmor profile: leave appArmorProfile unset (the runtime default " +
                      "applies) or set RuntimeDefault or a reviewed Localhost profile.",
        RemediationYaml = """
            securityContext:
              appArmorProfile:
                type: RuntimeDefault
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.appArmorProfile.type, spec.initContainers[*].securityContext.appArmorProfile.type, spec.ephemeralContainers[*].securityContext.appArmorProfile.type", "'RuntimeDefault', 'Localhost', undefined; 'Unconfined' is reported"),
            new("metadata.annotations['container.apparmor.security.beta.kubernetes.io/<container name>'] (read when the container sets no appArmorProfile)", "anything but 'unconfined', undefined"),
            new("spec.securityContext.appArmorProfile.type (read for containers with neither field nor annotation)", "'RuntimeDefault', 'Localhost', undefined; 'Unconfined' is reported"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "baseline: AppArmor", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "AppArmor annotations (apparmor.security.beta.kubernetes.io/allowedProfileNames)"),
            new("CIS", "5.7.3 Apply Security Context to Your Pods and Containers"),
            new("NSA", "Kubernetes Hardening Guide: Use AppArmor to restrict capabilities"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // AppArmor is a Linux security module.
        if (pod.Spec.IsWindows) return;
        foreach (var container in pod.Spec.AllContainers)
        {
            var own = container.SecurityContext?.AppArmorProfile;
            if (own != null)
            {
                ReportIfUnconfined(own, container, context);
            }
            else if (container.Name.IsSet && pod.PodAnnotations.TryGetValue(ContainerAnnotationPrefix + container.Name.Value, out var annotation))
            {
                if (annotation.Is("unconfined"))
                {
                    context.Report(annotation, $"container \"{container.DisplayName}\" runs AppArmor unconfined ({annotation.Key}: unconfined)", container);
                }
            }
            else if (pod.PodSecurityContext?.AppArmorProfile is { } inherited)
            {
                ReportIfUnconfined(inherited, container, context);
            }
        }
    }

    private static void ReportIfUnconfined(ProfileModel profile, ContainerModel container, RuleContext context)
    {
        if (profile.Type.Is("Unconfined"))
        {
            context.Report(profile.Type, $"container \"{container.DisplayName}\" runs AppArmor unconfined (appArmorProfile.type=Unconfined)", container);
        }
    }
}
