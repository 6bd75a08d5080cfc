using Stockade.Engine;
using Stockade.Psp;
using Stockade.Rules.Workload;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that lets pods add any capability, or one close to root.</summary>
internal sealed class PspDangerousCapabilities : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-dangerous-capabilities",
        Title = "PodSecurityPolicy admits dangerous capabilities",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "allowedCapabilities \"*\" lets a pod add every capability; SYS_ADMIN, SYS_MODULE, SYS_PTRACE, " +
                    "NET_ADMIN, DAC_READ_SEARCH and the like are each a direct path out of the container. A capability " +
                    "in defaultAddCapabilities is given to every container the policy admits. Names are compared as the " +
                    "runtime does (sys_admin, SYS_ADMIN and CAP_SYS_ADMIN are one); the list is dangerousCapabilities.",
        Remediation = "Remove \"*\" and the dangerous names from allowedCapabilities and defaultAddCapabilities; keep a " +
                      "policy that needs one bound only to the service account of the component that needs it.",
        RemediationYaml = """
            spec:
              allowedCapabilities: []
              requiredDropCapabilities: ["ALL"]
            """,
        Parameters = [DangerousCapabilities.Names],
        Fields = [new("PodSecurityPolicy spec.allowedCapabilities, spec.defaultAddCapabilities", "no \"*\"; no names in settings.dangerousCapabilities. Compared upper case, without CAP_")],
        References =
        [
            Field("allowedCapabilities"),
            Field("defaultAddCapabilities"),
            new("CIS", "5.2.9 Minimize the admission of containers with added capabilities"),
            new("Kubescape", "C-0219"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        var dangerous = context.Settings.Get(DangerousCapabilities.Names);
        foreach (var (entry, name, list) in PspCapabilityLists.Added(policy))
        {
            if (entry.Value == PspVocabulary.All) context.Report(entry, $"the policy lets pods add every capability (spec.{list}: \"*\")");
            else if (dangerous.Contains(name)) context.Report(entry, $"the policy lets pods add the dangerous capability {name} (spec.{list})");
        }
    }
}
