using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Every added capability widens what a compromised process may do; only an allow-list
/// (NET_BIND_SERVICE by default) is added without a finding.
/// </summary>
internal sealed class CapabilitiesAdded : PodRule
{
    public static readonly RuleParameter<IReadOnlySet<string>> AllowedAdded = RuleParameters.CapabilitySet(
        "allowedAddedCapabilities", ["NET_BIND_SERVICE"],
        "Capabilities that may be added without a finding; the list replaces the default. Compared upper case, without CAP_.");

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "capabilities-added",
        Title = "Container adds a capability outside the allow-list",
        Severity = Severity.Low,
        Rationale = "Least privilege means adding back only capabilities the workload needs. Any capability beyond " +
                    "the allow-list (allowedAddedCapabilities, NET_BIND_SERVICE by default) deserves review. " +
                    "Capabilities already reported by dangerous-capabilities are not repeated here.",
        Remediation = "Remove the capability from capabilities.add, or add it to allowedAddedCapabilities in " +
                      ".stockade.yaml when it is needed across workloads.",
        RemediationYaml = """
            securityContext:
              capabilities:
                drop: ["ALL"]
                add: ["NET_BIND_SERVICE"]
            """,
        // dangerousCapabilities is read too: those are dangerous-capabilities' findings, not repeated here.
        Parameters = [AllowedAdded, DangerousCapabilities.Names],
        Fields =
        [
            new("spec.containers[*].securityContext.capabilities.add, spec.initContainers[*].securityContext.capabilities.add, spec.ephemeralContainers[*].securityContext.capabilities.add", "undefined / empty; names in settings.allowedAddedCapabilities (default NET_BIND_SERVICE); names in settings.dangerousCapabilities are left to dangerous-capabilities. Compared upper case, without CAP_"),
        ],
        References =
        [
            new("PSS", "restricted: Capabilities", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSP", "allowedCapabilities"),
            new("CIS", "5.2.9 Minimize the admission of containers with added capabilities"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var allowed = context.Settings.Get(AllowedAdded);
        var dangerous = context.Settings.Get(DangerousCapabilities.Names);
        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var added in pod.Effective(container).Capabilities?.Add ?? [])
            {
                var name = Capabilities.Normalize(added.Value);
                if (allowed.Contains(name) || dangerous.Contains(name)) continue;
                context.Report(added, $"container \"{container.DisplayName}\" adds capability {name}, which is not in the allow-list (capabilities.add \"{added.Value}\")", container);
            }
        }
    }
}
