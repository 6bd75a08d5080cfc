using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container whose root filesystem is writable (readOnlyRootFilesystem is not true; it defaults to false).</summary>
internal sealed class WritableRootFilesystem : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "writable-root-filesystem",
        Title = "Container root filesystem is writable",
        Severity = Severity.Medium,
        Rationale = "A writable root filesystem lets an intruder drop tools, replace binaries and persist changes " +
                    "for the container's lifetime. An immutable root filesystem confines writes to the volumes " +
                    "you mounted for them.",
        Remediation = "Set readOnlyRootFilesystem: true in the container's securityContext and mount an emptyDir " +
                      "where the application must write (e.g. /tmp).",
        RemediationYaml = """
            securityContext:
              readOnlyRootFilesystem: true
            volumeMounts:
              - name: tmp
                mountPath: /tmp
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.readOnlyRootFilesystem, spec.initContainers[*].securityContext.readOnlyRootFilesystem, spec.ephemeralContainers[*].securityContext.readOnlyRootFilesystem", "true; undefined (defaults to false) and false are reported"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSP", "readOnlyRootFilesystem"),
            new("CIS", "5.7.3 Apply Security Context to Your Pods and Containers"),
            new("NSA", "Kubernetes Hardening Guide: Use immutable container file systems"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // Windows containers do not support a read-only root filesystem.
        if (pod.Spec.IsWindows) return;
        foreach (var container in pod.Spec.AllContainers)
        {
            var effective = pod.Effective(container);
            var readOnly = effective.ReadOnlyRootFilesystem;
            if (readOnly.IsSet && !readOnly.Value)
            {
                context.Report(readOnly, $"container \"{container.DisplayName}\" has a writable root filesystem (readOnlyRootFilesystem=false)", container);
            }
            else if (!readOnly.IsSet)
            {
                context.Report(effective.AbsentPosition, FieldPaths.Join(effective.ContainerSecurityContextPath, "readOnlyRootFilesystem"),
                    $"container \"{container.DisplayName}\" has a writable root filesystem (readOnlyRootFilesystem is not set; it defaults to false)", container);
            }
        }
    }
}
