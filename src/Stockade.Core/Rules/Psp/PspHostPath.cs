using Stockade.Engine;
using Stockade.Kube;
using Stockade.Psp;
using Stockade.Rules.Workload;

namespace Stockade.Rules.Psp;

/// <summary>
/// A PodSecurityPolicy that admits hostPath volumes without confining them: no allowedHostPaths
/// (any node path), a prefix that is <c>/</c> or a sensitive node directory, or a writable prefix.
/// </summary>
internal sealed class PspHostPath : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-host-path",
        Title = "PodSecurityPolicy admits unconfined hostPath volumes",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "When spec.volumes allows hostPath (or \"*\"), allowedHostPaths is all that confines it: empty, any " +
                    "node path may be mounted, writable; a prefix of / or of a sensitive node directory (/etc, " +
                    "/var/lib/kubelet, /proc…) hands out the node's credentials; an entry without readOnly: true lets " +
                    "pods write to the node, where a symbolic link or a planted binary escapes the prefix.",
        Remediation = "Remove hostPath from spec.volumes, or list in allowedHostPaths only the narrow directories " +
                      "needed, each with readOnly: true.",
        RemediationYaml = """
            spec:
              volumes: ["configMap", "secret", "emptyDir", "projected", "persistentVolumeClaim", "hostPath"]
              allowedHostPaths:
              - pathPrefix: /var/log/app
                readOnly: true
            """,
        Fields =
        [
            new("PodSecurityPolicy spec.volumes", "without hostPath or \"*\"; otherwise allowedHostPaths must confine them"),
            new("PodSecurityPolicy spec.allowedHostPaths[*].pathPrefix, spec.allowedHostPaths[*].readOnly", "at least one entry; prefixes other than / and sensitive node directories (after normalisation); readOnly: true"),
        ],
        References =
        [
            Field("allowedHostPaths"),
            Field("volumes"),
            new("PSS", "baseline: HostPath Volumes", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        var allowing = policy.Volumes.FirstOrDefault(v => v.Value is "hostPath" or PspVocabulary.All);
        if (!allowing.IsSet) return;
        if (policy.AllowedHostPaths.Count == 0)
        {
            context.Report(allowing, $"the policy admits hostPath volumes (spec.volumes: \"{allowing.Value}\") with no allowedHostPaths: any node path, writable");
            return;
        }
        foreach (var entry in policy.AllowedHostPaths)
        {
            var prefix = entry.PathPrefix;
            if (prefix.IsSet && HostPathSensitive.SensitiveArea(HostPaths.Normalize(prefix.Value), () => !entry.ReadOnly) is { } area)
            {
                context.Report(prefix, $"allowedHostPaths prefix \"{prefix.Value}\" admits {area}");
            }
            if (!entry.ReadOnly)
            {
                context.Report(entry.Position, entry.Path, $"allowedHostPaths prefix \"{(prefix.IsSet ? prefix.Value : "")}\" is not readOnly: pods may write to the node");
            }
        }
    }
}
