using Stockade.Engine;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that admits every volume type.</summary>
internal sealed class PspVolumesAll : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-volumes-all",
        Title = "PodSecurityPolicy admits every volume type",
        Severity = Severity.Medium,
        Category = "psp",
        Rationale = "volumes: [\"*\"] admits hostPath, flexVolume, and every network and cloud volume type, present and " +
                    "future: the volume types pods may use are no longer a decision anyone made.",
        Remediation = "List the volume types the workloads use (the restricted set: configMap, secret, emptyDir, projected, " +
                      "downwardAPI, persistentVolumeClaim, ephemeral, csi).",
        RemediationYaml = """
            spec:
              volumes: ["configMap", "secret", "emptyDir", "projected", "downwardAPI", "persistentVolumeClaim", "ephemeral", "csi"]
            """,
        Fields = [new("PodSecurityPolicy spec.volumes", "named volume types, without \"*\"")],
        References =
        [
            Field("volumes"),
            new("PSS", "restricted: Volume Types", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        foreach (var v in policy.Volumes.Where(v => v.Value == PspVocabulary.All))
        {
            context.Report(v, "the policy admits every volume type (spec.volumes: \"*\")");
        }
    }
}
