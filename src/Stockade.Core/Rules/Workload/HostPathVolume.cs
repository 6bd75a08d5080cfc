using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A hostPath volume exposes part of the node's filesystem to the pod: the first step of most
/// container escapes, and node state that outlives the pod.
/// </summary>
internal sealed class HostPathVolume : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-path-volume",
        Title = "Pod mounts a hostPath volume",
        Severity = Severity.Medium,
        Rationale = "A hostPath volume gives the pod a directory or file of the node. Depending on the path it " +
                    "reveals credentials, logs and other pods' data, lets the pod plant files the node later runs, " +
                    "and ties the pod to one node's state. Even read-only, host paths are a common escape route.",
        Remediation = "Use an emptyDir, a ConfigMap, a Secret, a projected volume or a PersistentVolumeClaim instead. " +
                      "When a node path is unavoidable (node agents), mount the narrowest path read-only.",
        RemediationYaml = """
            volumes:
            - name: scratch
              emptyDir: {}
            """,
        Fields =
        [
            new("spec.volumes[*].hostPath", "undefined/null"),
        ],
        References =
        [
            new("PSS", "baseline: HostPath Volumes", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "volumes / allowedHostPaths"),
            new("CIS", "5.2.12 Minimize the admission of HostPath volumes"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var volume in pod.Spec.Volumes)
        {
            if (volume.HostPath is not { } hostPath) continue;
            var name = volume.Name.IsSet ? volume.Name.Value : "(unnamed)";
            var path = hostPath.HostPath.IsSet ? hostPath.HostPath.Value : "(no path)";
            // Point at the hostPath key itself; the mapping's own position is its first field.
            var keyPosition = volume.SourceKeys.FirstOrDefault(k => k.Key == "hostPath").Position;
            context.Report(keyPosition, hostPath.Path, $"volume \"{name}\" mounts node path \"{path}\" (hostPath)");
        }
    }
}
