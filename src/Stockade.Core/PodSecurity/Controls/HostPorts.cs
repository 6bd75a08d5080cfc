using System.Globalization;
using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Host ports must be forbidden (baseline, v1.0+); 0 is the same as unset.
/// Upstream: <c>policy/check_hostPorts.go</c>.
/// </summary>
internal sealed class HostPorts(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-host-ports",
        Title = "Container binds a host port (PSS baseline: Host Ports)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "A hostPort opens a port on the node itself, bypassing Services and network policies that " +
                    "select pod addresses, and ties the pod to nodes where the port is free.",
        Remediation = "Remove ports[].hostPort and expose the container through a Service.",
        RemediationYaml = """
            ports:
            - containerPort: 8080
            """,
        Fields =
        [
            new("spec.containers[*].ports[*].hostPort, spec.initContainers[*].ports[*].hostPort", "undefined/0"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "Host Ports"), new("PSP", "hostPorts")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "hostPorts";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "hostPorts_1_0", Check_1_0)];

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        var ports = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var valid = true;
            foreach (var port in c.Ports)
            {
                if (!port.HostPort.IsSet || port.HostPort.Value == 0) continue;
                valid = false;
                ports.Add(port.HostPort.Value.ToString(CultureInfo.InvariantCulture));
                where.At(port.HostPort, c);
            }
            if (!valid) bad.Add(NameOf(c));
        }
        var distinct = SortedSet(ports);
        return where.Found
            ? where.Violation("hostPort", $"{Containers(bad)} {Pluralize("uses", "use", bad.Count)} {Pluralize("hostPort", "hostPorts", distinct.Count)} {string.Join(", ", distinct)}")
            : null;
    }
}
