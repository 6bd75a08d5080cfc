using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A container that can write to a node path can plant files the node trusts (cron jobs, kubelet
/// manifests, binaries) or destroy node state.
/// </summary>
internal sealed class HostPathWritable : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-path-writable",
        Title = "Container mounts a hostPath volume writable",
        Severity = Severity.High,
        Rationale = "volumeMounts are writable unless readOnly is true. A writable host path lets the container " +
                    "change the node's files: drop a static pod manifest or a cron entry, replace a binary, fill " +
                    "the disk, or tamper with other pods' data, and the change survives the pod.",
        Remediation = "Set readOnly: true on every volumeMount of a hostPath volume, or replace the volume with one " +
                      "that is not a node path.",
        RemediationYaml = """
            volumeMounts:
            - name: host-logs
              mountPath: /host/var/log
              readOnly: true
            """,
        Fields =
        [
            new("spec.containers[*].volumeMounts[*].readOnly, spec.initContainers[*].volumeMounts[*].readOnly, spec.ephemeralContainers[*].volumeMounts[*].readOnly (of mounts naming a hostPath volume of spec.volumes)", "true; false or undefined is reported"),
        ],
        References =
        [
            new("PSS", "baseline: HostPath Volumes", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "allowedHostPaths (readOnly)"),
            new("CIS", "5.2.12 Minimize the admission of HostPath volumes"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // Duplicate volume names are rejected by the API server; the first one is kept here.
        var hostPathVolumes = new Dictionary<string, HostPathModel>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec.Volumes)
        {
            if (volume.HostPath != null && volume.Name.IsSet) hostPathVolumes.TryAdd(volume.Name.Value, volume.HostPath);
        }
        if (hostPathVolumes.Count == 0) return;

        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var mount in container.VolumeMounts)
            {
                if (!mount.Name.IsSet || !hostPathVolumes.TryGetValue(mount.Name.Value, out var hostPath) || mount.ReadOnly.Is(true)) continue;
                var nodePath = hostPath.HostPath.IsSet ? hostPath.HostPath.Value : "(no path)";
                var why = mount.ReadOnly.IsSet ? "readOnly=false" : "readOnly unset, defaults to false";
                context.Report(mount.Position, mount.Path,
                    $"container \"{container.DisplayName}\" mounts hostPath volume \"{mount.Name.Value}\" (node path \"{nodePath}\") writable ({why})", container);
            }
        }
    }
}
