using Stockade.Engine;
using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy under which a container may ask for no AppArmor profile.</summary>
internal sealed class PspAppArmorUnconfined() : PspProfileRule(PspAnnotations.AppArmorAllowed, PspAnnotations.AppArmorDefault, "AppArmor")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-apparmor-unconfined",
        Title = "PodSecurityPolicy admits containers without AppArmor",
        Severity = Severity.Medium,
        Category = "psp",
        Rationale = "The runtime's default AppArmor profile denies writes to /proc and /sys and mounts; a container that " +
                    "asks for unconfined loses it. Without allowedProfileNames a policy does not restrict the profile, " +
                    "so any pod may ask for unconfined; with unconfined in the list, or as defaultProfileName, it is " +
                    "allowed outright.",
        Remediation = "Annotate the policy with allowedProfileNames runtime/default (plus the localhost/ profiles " +
                      "workloads need) and defaultProfileName runtime/default.",
        RemediationYaml = """
            metadata:
              annotations:
                apparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default
                apparmor.security.beta.kubernetes.io/defaultProfileName: runtime/default
            """,
        Fields =
        [
            new("PodSecurityPolicy metadata.annotations[apparmor.security.beta.kubernetes.io/allowedProfileNames]", "set; profiles other than unconfined"),
            new("PodSecurityPolicy metadata.annotations[apparmor.security.beta.kubernetes.io/defaultProfileName]", "a profile other than unconfined, undefined"),
        ],
        References =
        [
            new("PSP", "AppArmor annotations", "https://v1-24.docs.kubernetes.io/docs/concepts/security/pod-security-policy/#apparmor"),
            new("PSS", "baseline: AppArmor", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
        ],
    };

    protected override void GradeUnset(PspPolicy policy, Field<string>? allowed, Field<string>? byDefault, RuleContext context)
    {
        if (allowed == null)
        {
            context.Report(policy.Position, AnnotationsPath(policy),
                $"the policy does not set {PspAnnotations.AppArmorAllowed}: containers it admits may ask for any AppArmor profile, unconfined included");
        }
    }
}
