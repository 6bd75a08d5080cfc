using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Adding capabilities beyond the container runtime's default set must be disallowed (baseline,
/// v1.0+). Entries are compared exactly as written: PSA does not upper-case them or strip
/// <c>CAP_</c>, so <c>chown</c> or <c>CAP_CHOWN</c> is a non-default capability.
/// Upstream: <c>policy/check_capabilities_baseline.go</c>.
/// </summary>
internal sealed class CapabilitiesBaseline(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-capabilities-baseline",
        Title = "Container adds non-default capabilities (PSS baseline: Capabilities)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Capabilities beyond the runtime defaults (SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE…) hand a " +
                    "container kernel powers that lead to container escape or attacks on the node's network.",
        Remediation = "Add only capabilities from the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, " +
                      "KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), spelled exactly so.",
        RemediationYaml = """
            securityContext:
              capabilities:
                drop: ["ALL"]
                add: ["NET_BIND_SERVICE"]
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.capabilities.add, spec.initContainers[*].securityContext.capabilities.add", "undefined / empty; values from the default set \"AUDIT_WRITE\", \"CHOWN\", \"DAC_OVERRIDE\", \"FOWNER\", \"FSETID\", \"KILL\", \"MKNOD\", \"NET_BIND_SERVICE\", \"SETFCAP\", \"SETGID\", \"SETPCAP\", \"SETUID\", \"SYS_CHROOT\""),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "Capabilities"), new("PSP", "allowedCapabilities")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "capabilities_baseline";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "capabilitiesBaseline_1_0", Check_1_0)];

    internal static readonly HashSet<string> Allowed_1_0 = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        var capabilities = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var valid = true;
            foreach (var add in c.SecurityContext?.Capabilities?.Add ?? [])
            {
                if (Allowed_1_0.Contains(add.Value)) continue;
                valid = false;
                capabilities.Add(add.Value);
                where.At(add, c);
            }
            if (!valid) bad.Add(NameOf(c));
        }
        return where.Found
            ? where.Violation("non-default capabilities", $"{Containers(bad)} must not include {JoinQuote(SortedSet(capabilities))} in securityContext.capabilities.add")
            : null;
    }
}
