using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>A PodSecurityPolicy among the scanned manifests that the API server would reject.</summary>
internal sealed class PspInvalidPolicyRule : ObjectRule
{
    public const string RuleId = "psp-invalid";

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = RuleId,
        Title = "PodSecurityPolicy is invalid",
        Severity = Severity.High,
        Rationale = "The API server rejects an invalid PodSecurityPolicy (bad ranges, unknown strategy rules, " +
                    "unknown volume types, contradictory capability lists…), so the protection it was meant to give never exists.",
        Remediation = "Fix the field named in the finding; the message is the API server's.",
        RemediationYaml = """
            spec:
              runAsUser:
                rule: MustRunAs
                ranges:
                - min: 1
                  max: 65535
            """,
        Fields =
        [
            new("PodSecurityPolicy metadata.name and metadata.annotations (seccomp, AppArmor)", "what the API server's PodSecurityPolicy validation accepts"),
            new("PodSecurityPolicy spec: privileged, allowPrivilegeEscalation, defaultAllowPrivilegeEscalation, capabilities lists, volumes, allowedHostPaths, allowedFlexVolumes, allowedCSIDrivers, hostPorts, runAsUser, runAsGroup, seLinux, fsGroup, supplementalGroups, allowedProcMountTypes, allowedUnsafeSysctls, forbiddenSysctls, runtimeClass", "what the API server's PodSecurityPolicy validation accepts (known strategies and volume types, valid ranges, no capability both required-dropped and allowed…)"),
        ],
        References = [new("PSP", "PodSecurityPolicy validation", "https://v1-24.docs.kubernetes.io/docs/concepts/security/pod-security-policy/")],
        Category = "psp",
    };

    public override bool AppliesTo(KubeObject obj) => PspReader.IsPodSecurityPolicy(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var policy = PspReader.ReadOnce(obj);
        foreach (var e in PspValidator.Validate(policy))
        {
            context.Report(e.Position, e.Path, e.Message, control: e.Control);
        }
    }
}
