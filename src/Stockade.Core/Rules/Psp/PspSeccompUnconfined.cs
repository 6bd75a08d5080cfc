using Stockade.Engine;
using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy under which a pod may run without a seccomp profile.</summary>
internal sealed class PspSeccompUnconfined() : PspProfileRule(PspAnnotations.SeccompAllowed, PspAnnotations.SeccompDefault, "seccomp")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-seccomp-unconfined",
        Title = "PodSecurityPolicy admits pods without seccomp",
        Severity = Severity.Medium,
        Category = "psp",
        Rationale = "Without seccomp every system call is open to the container, including the rarely used ones most " +
                    "kernel escapes go through. A policy admits that when its allowedProfileNames holds \"*\" or " +
                    "unconfined, when its defaultProfileName is unconfined, or when it has neither annotation: then only " +
                    "pods that set no profile are admitted, and they run unconfined (unless the kubelet's SeccompDefault " +
                    "is on).",
        Remediation = "Annotate the policy with defaultProfileName runtime/default and allowedProfileNames " +
                      "runtime/default (plus the localhost/ profiles workloads need).",
        RemediationYaml = """
            metadata:
              annotations:
                seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default
                seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default
            """,
        Fields =
        [
            new("PodSecurityPolicy metadata.annotations[seccomp.security.alpha.kubernetes.io/allowedProfileNames]", "profiles other than \"*\" and unconfined"),
            new("PodSecurityPolicy metadata.annotations[seccomp.security.alpha.kubernetes.io/defaultProfileName]", "a profile other than unconfined; required when allowedProfileNames is not set"),
        ],
        References =
        [
            new("PSP", "seccomp annotations", "https://v1-24.docs.kubernetes.io/docs/concepts/security/pod-security-policy/#seccomp"),
            new("PSS", "baseline: Seccomp", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("Checkov", "CKV_K8S_32"),
        ],
    };

    protected override void GradeUnset(PspPolicy policy, Field<string>? allowed, Field<string>? byDefault, RuleContext context)
    {
        if (allowed == null && byDefault == null)
        {
            context.Report(policy.Position, AnnotationsPath(policy),
                $"the policy sets neither {PspAnnotations.SeccompAllowed} nor {PspAnnotations.SeccompDefault}: the pods it admits run without a seccomp profile");
        }
    }
}
