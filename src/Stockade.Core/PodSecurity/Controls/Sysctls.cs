using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Only sysctls that are namespaced and isolated from other pods are allowed (baseline). The safe
/// set grew in v1.27, v1.29, v1.32 and v1.37.
/// Upstream: <c>policy/check_sysctls.go</c>.
/// </summary>
internal sealed class Sysctls(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-sysctls",
        Title = "Pod sets an unsafe sysctl (PSS baseline: Sysctls)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Sysctls outside the safe set are not isolated per pod: they change kernel behaviour for every " +
                    "workload on the node or disable security mechanisms.",
        Remediation = "Set only safe sysctls (e.g. net.ipv4.ip_local_port_range, net.ipv4.ping_group_range).",
        RemediationYaml = """
            securityContext:
              sysctls:
              - name: net.ipv4.ip_local_port_range
                value: "32768 60999"
            """,
        Fields =
        [
            new("spec.securityContext.sysctls[*].name", "'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start' (v1.27+ adds 'net.ipv4.ip_local_reserved_ports'; v1.29+ adds 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes')"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "Sysctls"), new("PSP", "allowedUnsafeSysctls, forbiddenSysctls")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "sysctls";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    internal static readonly string[] Allowed_1_0 =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
    ];

    internal static readonly string[] Allowed_1_27 = [.. Allowed_1_0, "net.ipv4.ip_local_reserved_ports"];

    internal static readonly string[] Allowed_1_29 =
    [
        .. Allowed_1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    internal static readonly string[] Allowed_1_32 = [.. Allowed_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];

    internal static readonly string[] Allowed_1_37 = [.. Allowed_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

    /// <summary>The safe sysctls of the newest policy version (the hardened unsafe-sysctls rule uses them too).</summary>
    public static IReadOnlyList<string> SafeAtLatest => Allowed_1_37;

    public override IReadOnlyList<VersionedCheck> Versions { get; } =
    [
        new(V1(0), "sysctlsV1Dot0", CheckWith(Allowed_1_0)),
        new(V1(27), "sysctlsV1Dot27", CheckWith(Allowed_1_27)),
        new(V1(29), "sysctlsV1Dot29", CheckWith(Allowed_1_29)),
        new(V1(32), "sysctlsV1Dot32", CheckWith(Allowed_1_32)),
        new(V1(37), "sysctlsV1Dot37", CheckWith(Allowed_1_37)),
    ];

    private static Func<PodSubject, Violation?> CheckWith(string[] allowedNames)
    {
        var allowed = allowedNames.ToHashSet(StringComparer.Ordinal);
        return pod =>
        {
            var where = new FirstOffence();
            var forbidden = new List<string>();
            foreach (var sysctl in pod.PodSecurityContext?.Sysctls ?? [])
            {
                var name = StringOrEmpty(sysctl.Name);
                if (allowed.Contains(name)) continue;
                forbidden.Add(name);
                where.At(sysctl.Position, sysctl.Path);
            }
            return where.Found ? where.Violation("forbidden sysctls", string.Join(", ", forbidden)) : null;
        };
    }
}
