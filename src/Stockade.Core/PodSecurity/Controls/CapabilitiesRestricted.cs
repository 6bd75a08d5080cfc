using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE (restricted, v1.22+;
/// replaces the baseline capabilities control). Entries are compared exactly as written. From
/// v1.25 Windows pods are exempt, as Linux capabilities do not apply to them.
/// Upstream: <c>policy/check_capabilities_restricted.go</c>.
/// </summary>
internal sealed class CapabilitiesRestricted(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-capabilities-restricted",
        Title = "Capabilities not dropped (PSS restricted: Capabilities)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Even the runtime's default capabilities (NET_RAW, DAC_OVERRIDE, SETUID…) widen what a " +
                    "compromised process can do; restricted pods start from none and add back only NET_BIND_SERVICE.",
        Remediation = "Set capabilities.drop: [\"ALL\"] on every container and add at most NET_BIND_SERVICE.",
        RemediationYaml = """
            securityContext:
              capabilities:
                drop: ["ALL"]
                add: ["NET_BIND_SERVICE"]
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.capabilities.drop, spec.initContainers[*].securityContext.capabilities.drop", "Must include \"ALL\""),
            new("spec.containers[*].securityContext.capabilities.add, spec.initContainers[*].securityContext.capabilities.add", "undefined / empty; \"NET_BIND_SERVICE\""),
        ],
        References = [PssReference(PodSecurityLevel.Restricted, "Capabilities"), new("PSP", "requiredDropCapabilities")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "capabilities_restricted";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<VersionedCheck> Versions { get; } =
    [
        new(V1(22), "capabilitiesRestricted_1_22", Check_1_22, ["capabilities_baseline"]),
        new(V1(25), "capabilitiesRestricted_1_25", Check_1_25, ["capabilities_baseline"]),
    ];

    private static Violation? Check_1_25(PodSubject pod) => pod.Spec.IsWindows ? null : Check_1_22(pod);

    private static Violation? Check_1_22(PodSubject pod)
    {
        var where = new FirstOffence();
        var missingDropAll = new List<string>();
        var addingForbidden = new List<string>();
        var forbidden = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var capabilities = c.SecurityContext?.Capabilities;
            if (capabilities == null)
            {
                missingDropAll.Add(NameOf(c));
                where.At(c.SecurityContext?.Position ?? c.Position, FieldPaths.Join(c.Path, "securityContext"), c);
                continue;
            }
            if (!capabilities.Drop.Any(d => d.Value == "ALL"))
            {
                missingDropAll.Add(NameOf(c));
                where.At(capabilities.Position, capabilities.Path, c);
            }
            var added = false;
            foreach (var add in capabilities.Add)
            {
                if (add.Value == "NET_BIND_SERVICE") continue;
                added = true;
                forbidden.Add(add.Value);
                where.At(add, c);
            }
            if (added) addingForbidden.Add(NameOf(c));
        }
        if (!where.Found) return null;
        var details = new List<string>();
        if (missingDropAll.Count > 0) details.Add($"{Containers(missingDropAll)} must set securityContext.capabilities.drop=[\"ALL\"]");
        if (addingForbidden.Count > 0) details.Add($"{Containers(addingForbidden)} must not include {JoinQuote(SortedSet(forbidden))} in securityContext.capabilities.add");
        return where.Violation("unrestricted capabilities", string.Join("; ", details));
    }
}
