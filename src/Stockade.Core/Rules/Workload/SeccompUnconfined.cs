using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A container without a confining seccomp profile. The effective profile is chosen the way the
/// kubelet did while the legacy annotations were honoured: the container's field, the container's
/// annotation, the pod's field, then the pod's annotation. Unset means Unconfined.
/// </summary>
internal sealed class SeccompUnconfined : PodRule
{
    public const string PodAnnotation = LegacyAnnotations.SeccompPod;
    public const string ContainerAnnotationPrefix = LegacyAnnotations.SeccompContainerPrefix;

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "seccomp-profile",
        Title = "Container runs without a seccomp profile",
        Severity = Severity.High,
        Rationale = "Without seccomp a container may make every system call the kernel offers, including the " +
                    "rarely used ones behind most container-escape exploits. Kubernetes runs containers " +
                    "Unconfined unless a profile is set; RuntimeDefault blocks the dangerous calls at no cost to " +
                    "ordinary applications.",
        Remediation = "Set seccompProfile.type: RuntimeDefault (or Localhost with a reviewed profile) in the pod's " +
                      "securityContext, and never Unconfined. The legacy seccomp annotations are deprecated: use the field.",
        RemediationYaml = """
            securityContext:
              seccompProfile:
                type: RuntimeDefault
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.seccompProfile.type, spec.initContainers[*].securityContext.seccompProfile.type, spec.ephemeralContainers[*].securityContext.seccompProfile.type, then metadata.annotations['container.seccomp.security.alpha.kubernetes.io/<container name>'], then spec.securityContext.seccompProfile.type, then metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'] (the first one set is read)", "'RuntimeDefault', 'Localhost' (fields); 'runtime/default', 'docker/default', 'localhost/*' (annotations); none set, or a seccompProfile without type, is reported"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "restricted: Seccomp", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSP", "seccomp annotations (seccomp.security.alpha.kubernetes.io/allowedProfileNames)"),
            new("CIS", "5.7.2 Ensure that the seccomp profile is set to docker/default in your pod definitions"),
            new("NSA", "Kubernetes Hardening Guide: Use seccomp to restrict system calls"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // seccomp is a Linux kernel feature.
        if (pod.Spec.IsWindows) return;
        foreach (var container in pod.Spec.AllContainers)
        {
            var name = container.DisplayName;
            var own = container.SecurityContext?.SeccompProfile;
            var podField = pod.PodSecurityContext?.SeccompProfile;
            if (own != null)
            {
                CheckField(own, container, context);
            }
            else if (container.Name.IsSet && pod.PodAnnotations.TryGetValue(ContainerAnnotationPrefix + container.Name.Value, out var containerAnnotation))
            {
                CheckAnnotation(containerAnnotation, container, context);
            }
            else if (podField != null)
            {
                CheckField(podField, container, context);
            }
            else if (pod.PodAnnotations.TryGetValue(PodAnnotation, out var podAnnotation))
            {
                CheckAnnotation(podAnnotation, container, context);
            }
            else
            {
                var effective = pod.Effective(container);
                context.Report(effective.AbsentPosition, FieldPaths.Join(effective.ContainerSecurityContextPath, "seccompProfile"),
                    $"container \"{name}\" has no seccomp profile, so it runs Unconfined (set seccompProfile.type: RuntimeDefault on the pod or container)", container);
            }
        }
    }

    private static void CheckField(ProfileModel profile, ContainerModel container, RuleContext context)
    {
        var type = profile.Type;
        if (type.Is("RuntimeDefault") || type.Is("Localhost")) return;
        if (type.IsSet)
        {
            context.Report(type, $"container \"{container.DisplayName}\" runs with seccomp profile {type.Value} (seccompProfile.type={type.Value})", container);
        }
        else
        {
            context.Report(profile.Position, FieldPaths.Join(profile.Path, "type"),
                $"container \"{container.DisplayName}\" has a seccompProfile without a type (set type: RuntimeDefault)", container);
        }
    }

    private static void CheckAnnotation(Field<string> annotation, ContainerModel container, RuleContext context)
    {
        var value = annotation.Value;
        if (value is "runtime/default" or "docker/default" || value.StartsWith("localhost/", StringComparison.Ordinal)) return;
        var problem = value == "unconfined" ? "runs Unconfined" : "has an unrecognised seccomp profile";
        context.Report(annotation, $"container \"{container.DisplayName}\" {problem} ({annotation.Key}: {value})", container);
    }
}
