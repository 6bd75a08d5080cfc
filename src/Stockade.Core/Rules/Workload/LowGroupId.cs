using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Group ids at or below <see cref="GroupIdAbove"/>: each container's effective
/// runAsGroup (unset means the image's primary group, usually root's GID 0), and the pod's
/// fsGroup and supplementalGroups, which every container's processes also carry.
/// </summary>
internal sealed class LowGroupId : PodRule
{
    public static readonly RuleParameter<long> GroupIdAbove = RuleParameters.NonNegativeInteger(
        "groupIdAbove", 3000, "A non-zero GID (runAsGroup, fsGroup, supplementalGroups) at or below this is reported as low.");

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "low-group-id",
        Title = "Container runs with a low group id",
        Severity = Severity.Medium,
        Rationale = "Files on host mounts and shared volumes are often group-readable or group-writable by system " +
                    "groups; GID 0 (root) in particular owns much of the host filesystem. A process carrying a low " +
                    "GID gets that access if it escapes or reaches a host path. When runAsGroup is unset the " +
                    "image's primary group is used, which is usually 0.",
        Remediation = "Set runAsGroup, fsGroup and any supplementalGroups to ids above the threshold " +
                      "(default 3000, settings.groupIdAbove).",
        RemediationYaml = """
            securityContext:
              runAsGroup: 10001
              fsGroup: 10001
            """,
        Parameters = [GroupIdAbove],
        Fields =
        [
            new("spec.securityContext.runAsGroup, spec.containers[*].securityContext.runAsGroup, spec.initContainers[*].securityContext.runAsGroup, spec.ephemeralContainers[*].securityContext.runAsGroup (the container's field, else the pod's)", "above settings.groupIdAbove (default 3000); undefined is reported (the image's primary group, usually 0)"),
            new("spec.securityContext.fsGroup", "undefined, above settings.groupIdAbove"),
            new("spec.securityContext.supplementalGroups[*]", "above settings.groupIdAbove"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSP", "runAsGroup, fsGroup, supplementalGroups (MustRunAs ranges)"),
            new("CIS", "5.7.3 Apply Security Context to Your Pods and Containers"),
            new("NSA", "Kubernetes Hardening Guide: Non-root containers"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // runAsGroup, fsGroup and supplementalGroups are Linux ids; they do not apply to Windows pods.
        if (pod.Spec.IsWindows) return;
        var threshold = context.Settings.Get(GroupIdAbove);
        foreach (var container in pod.Spec.AllContainers)
        {
            var effective = pod.Effective(container);
            var runAsGroup = effective.RunAsGroup;
            if (!runAsGroup.IsSet)
            {
                context.Report(effective.AbsentPosition, FieldPaths.Join(effective.ContainerSecurityContextPath, "runAsGroup"),
                    $"container \"{container.DisplayName}\" sets no runAsGroup, so it runs with the image's primary group (usually 0, the root group)", container);
            }
            else if (runAsGroup.Value <= threshold)
            {
                context.Report(runAsGroup, $"container \"{container.DisplayName}\" runs with {Describe(runAsGroup.Value, threshold)} (runAsGroup={runAsGroup.Value})", container);
            }
        }

        var podContext = pod.PodSecurityContext;
        if (podContext == null) return;
        if (podContext.FsGroup.IsSet && podContext.FsGroup.Value <= threshold)
        {
            context.Report(podContext.FsGroup, $"pod volumes are owned by {Describe(podContext.FsGroup.Value, threshold)} (fsGroup={podContext.FsGroup.Value})");
        }
        foreach (var group in podContext.SupplementalGroups)
        {
            if (group.Value <= threshold)
            {
                context.Report(group, $"every container carries {Describe(group.Value, threshold)} (supplementalGroups contains {group.Value})");
            }
        }
    }

    private static string Describe(long gid, long threshold) =>
        gid == 0 ? "GID 0, the root group" : $"GID {gid}, at or below {threshold}";
}
