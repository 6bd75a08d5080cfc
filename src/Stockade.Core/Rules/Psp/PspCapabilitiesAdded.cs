using Stockade.Engine;
using Stockade.Psp;
using Stockade.Rules.Workload;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that lets pods add capabilities beyond the usual exception.</summary>
internal sealed class PspCapabilitiesAdded : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-capabilities-added",
        Title = "PodSecurityPolicy admits added capabilities",
        Severity = Severity.Low,
        Category = "psp",
        Rationale = "Every capability a policy allows or adds widens what a compromised container can do to the kernel. " +
                    "Most workloads need none beyond NET_BIND_SERVICE (allowedAddedCapabilities). \"*\" and the names of " +
                    "dangerousCapabilities are psp-dangerous-capabilities' findings.",
        Remediation = "Remove the capability from allowedCapabilities and defaultAddCapabilities, or move the workloads " +
                      "that need it to a policy of their own.",
        RemediationYaml = """
            spec:
              allowedCapabilities: ["NET_BIND_SERVICE"]
            """,
        Parameters = [CapabilitiesAdded.AllowedAdded, DangerousCapabilities.Names],
        Fields = [new("PodSecurityPolicy spec.allowedCapabilities, spec.defaultAddCapabilities", "undefined / empty; names in settings.allowedAddedCapabilities (default NET_BIND_SERVICE); \"*\" and names in settings.dangerousCapabilities are left to psp-dangerous-capabilities")],
        References =
        [
            Field("allowedCapabilities"),
            new("CIS", "5.2.9 Minimize the admission of containers with added capabilities"),
            new("Kubescape", "C-0219"),
            new("Checkov", "CKV_K8S_24"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        var allowed = context.Settings.Get(CapabilitiesAdded.AllowedAdded);
        var dangerous = context.Settings.Get(DangerousCapabilities.Names);
        foreach (var (entry, name, list) in PspCapabilityLists.Added(policy))
        {
            if (entry.Value == PspVocabulary.All || allowed.Contains(name) || dangerous.Contains(name)) continue;
            context.Report(entry, $"the policy lets pods add capability {name} (spec.{list})");
        }
    }
}
