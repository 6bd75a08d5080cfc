using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Probes and lifecycle handlers must not name a <c>host</c> (baseline, v1.34+): the kubelet would
/// connect to it from the node, turning the pod spec into a request forger against any address.
/// Upstream: <c>policy/check_hostProbesAndhostLifecycle.go</c>.
/// </summary>
internal sealed class HostProbesAndHostLifecycle(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-host-probes-and-lifecycle",
        Title = "Probe or lifecycle handler targets another host (PSS baseline: Host Probes / Lifecycle Hooks)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "httpGet and tcpSocket probes and hooks are sent by the kubelet from the node. With a host set, a " +
                    "pod can make the kubelet reach node-local or internal addresses it could not reach itself.",
        Remediation = "Remove host from httpGet/tcpSocket probes and lifecycle handlers; they then target the pod's IP.",
        RemediationYaml = """
            livenessProbe:
              httpGet:
                path: /healthz
                port: 8080
            """,
        Fields =
        [
            new("spec.containers[*].livenessProbe.httpGet.host, spec.containers[*].readinessProbe.httpGet.host, spec.containers[*].startupProbe.httpGet.host, spec.containers[*].livenessProbe.tcpSocket.host, spec.containers[*].readinessProbe.tcpSocket.host, spec.containers[*].startupProbe.tcpSocket.host, spec.containers[*].lifecycle.postStart.tcpSocket.host, spec.containers[*].lifecycle.preStop.tcpSocket.host, spec.containers[*].lifecycle.postStart.httpGet.host, spec.containers[*].lifecycle.preStop.httpGet.host, and the same fields of spec.initContainers[*]", "\"\", undefined/null"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "Host Probes / Lifecycle Hooks")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "hostProbesAndHostLifecycle";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(34), "hostProbesAndHostLifecycleV1Dot34", Check_1_34)];

    private static Violation? Check_1_34(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        var hosts = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            foreach (var handler in c.HandlerHosts)
            {
                if (StringOrEmpty(handler.Host).Length == 0) continue;
                bad.Add(NameOf(c));
                hosts.Add(handler.Host.Value);
                where.At(handler.Host, c);
            }
        }
        var containers = SortedSet(bad);
        var forbidden = SortedSet(hosts);
        return where.Found
            ? where.Violation("probe or lifecycle host",
                $"{Containers(containers)} {Pluralize("uses", "use", containers.Count)} {Pluralize("probe or lifecycle host", "probe or lifecycle hosts", forbidden.Count)} {JoinQuote(forbidden)}")
            : null;
    }
}
