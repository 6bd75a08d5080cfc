using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Only a few sysctls are isolated per pod; the rest change the node's kernel for every pod
/// on it, or switch off kernel protections.
/// </summary>
internal sealed class UnsafeSysctls : PodRule
{
    /// <summary>The safe set of the latest Pod Security Standards: the same list the baseline "Sysctls" control uses.</summary>
    private static readonly HashSet<string> SafeSysctls = new(PodSecurity.Controls.Sysctls.SafeAtLatest, StringComparer.Ordinal);

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "unsafe-sysctls",
        Title = "Pod sets an unsafe sysctl",
        Severity = Severity.High,
        Rationale = "A sysctl is safe when it is namespaced and isolated from other pods on the node. Others " +
                    "(kernel.*, vm.*, most net.*) change the node's kernel for everyone, can exhaust node " +
                    "resources or disable protections. Names are compared after the kubelet's conversion, so " +
                    "kernel/shm_rmid_forced is the same sysctl as kernel.shm_rmid_forced.",
        Remediation = "Remove the sysctl from spec.securityContext.sysctls, or tune the node itself (and taint it " +
                      "for the workloads that need the setting).",
        RemediationYaml = """
            securityContext:
              sysctls:
              - name: net.ipv4.ip_unprivileged_port_start
                value: "80"
            """,
        Fields =
        [
            new("spec.securityContext.sysctls[*].name (slash-separated names are read in dot form)", "the Pod Security Standards safe set of the newest version: 'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem', 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'"),
        ],
        References =
        [
            new("PSS", "baseline: Sysctls", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "forbiddenSysctls"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var sysctl in pod.PodSecurityContext?.Sysctls ?? [])
        {
            if (!sysctl.Name.IsSet) continue;
            var name = ToDotSeparated(sysctl.Name.Value);
            if (SafeSysctls.Contains(name)) continue;
            var shown = name == sysctl.Name.Value ? name : $"{sysctl.Name.Value} ({name})";
            context.Report(sysctl.Name, $"pod sets sysctl {shown}, which is not in the Pod Security Standards safe set");
        }
    }

    /// <summary>
    /// The kubelet's conversion (sysctl.d(5)): when the first separator is '/', every '/' becomes
    /// '.' and every '.' becomes '/', so <c>net/ipv4/conf/eno2.100/rp_filter</c> is
    /// <c>net.ipv4.conf.eno2/100.rp_filter</c>. A name whose first separator is '.' is kept as written.
    /// </summary>
    public static string ToDotSeparated(string name)
    {
        var first = name.IndexOfAny(['.', '/']);
        if (first < 0 || name[first] == '.') return name;
        return string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch { '.' => '/', '/' => '.', var c => c };
            }
        });
    }
}
