using Stockade.Engine;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy whose runAsUser strategy admits UID 0.</summary>
internal sealed class PspRunAsRoot : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-run-as-root",
        Title = "PodSecurityPolicy admits containers running as root",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "Under runAsUser RunAsAny, or MustRunAs with a range that includes 0, a container may run as UID 0: " +
                    "root in the container is root on every host path, device and kernel interface it reaches, and one " +
                    "runtime escape from root in the container is root on the node.",
        Remediation = "Use rule MustRunAsNonRoot, or MustRunAs with ranges whose min is at least 1.",
        RemediationYaml = """
            spec:
              runAsUser:
                rule: MustRunAsNonRoot
            """,
        Fields = [new("PodSecurityPolicy spec.runAsUser.rule, spec.runAsUser.ranges[*].min", "MustRunAsNonRoot; MustRunAs with every range's min at least 1")],
        References =
        [
            Field("runAsUser"),
            new("CIS", "5.2.7 Minimize the admission of root containers"),
            new("Kubescape", "C-0218"),
            new("Checkov", "CKV_K8S_6"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        var strategy = policy.RunAsUser;
        switch (strategy.RuleName)
        {
            case "RunAsAny" when strategy.Rule.IsSet:
                context.Report(strategy.Rule, "the policy admits containers running as root (spec.runAsUser.rule: RunAsAny)");
                break;
            case "MustRunAs":
                foreach (var range in strategy.Ranges.Where(r => r.Contains(0)))
                {
                    context.Report(range.Position, range.Path, $"the policy admits containers running as root: runAsUser range {range.Min}-{range.Max} includes UID 0");
                }
                break;
        }
    }
}
