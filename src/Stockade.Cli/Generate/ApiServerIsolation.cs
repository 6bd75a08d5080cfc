using System.Net;

namespace Stockade.Cli.Generate;

/// <summary>
/// The rules that keep pods away from the API server: every protocol and port from each pod
/// network to each API server address of the same family (TCP ports only with <c>--port</c>),
/// as plain <c>REJECT</c> the way the guidance writes it, in every chain a pod packet may cross.
/// </summary>
internal static class ApiServerIsolation
{
    public const string Name = "stockade-apiserver-egress";
    public const string Comment = "stockade: pods may not reach the API server";

    /// <summary>The ports an API server commonly serves, probed by verify when the rules cover every port.</summary>
    public static readonly IReadOnlyList<int> CommonPorts = [443, 6443];

    public static IptablesPlan Plan(ArgReader a)
    {
        IptablesCommand.Reject(a, "the API server rules (they are for --etcd)", "--etcd-member", "--control-plane");
        var apiservers = a.Values("--apiserver").Select(v => NetworkInputs.Address(v, "--apiserver")).Distinct().ToList();
        if (apiservers.Count == 0) throw new UsageException("generate iptables needs --apiserver IP (the API server's private address), or --etcd");
        var podCidrs = a.Values("--pod-cidr").Select(v => NetworkInputs.Cidr(v, "--pod-cidr")).Distinct().ToList();
        if (podCidrs.Count == 0) throw new UsageException("generate iptables needs --pod-cidr CIDR (the pod network, e.g. 10.244.0.0/16)");
        var network = a.Value("--network");
        string[] chains = network switch
        {
            "vpc" => ["OUTPUT", "INPUT"],
            "overlay" => ["FORWARD", "INPUT"],
            null => ["FORWARD", "OUTPUT", "INPUT"],
            _ => throw new UsageException($"--network: \"{network}\" is not vpc or overlay (leave it out when the datapath is not known)"),
        };
        var ports = IptablesCommand.Ports(a, "--port");
        var verifyPorts = IptablesCommand.Ports(a, "--verify-port");
        if (ports.Count > 0 && verifyPorts.Count > 0) throw new UsageException("--verify-port is for rules that cover every port; with --port, verify probes those ports");
        foreach (var ip in apiservers)
        {
            var inside = podCidrs.FirstOrDefault(c => c.Contains(ip));
            if (inside != default) throw new UsageException($"--apiserver {ip} is inside --pod-cidr {inside}; the API server's address must be outside the pod network");
            if (!podCidrs.Any(c => NetworkInputs.IsIPv6(c.BaseAddress) == NetworkInputs.IsIPv6(ip)))
            {
                throw new UsageException($"--apiserver {ip}: no --pod-cidr of the same address family ({(NetworkInputs.IsIPv6(ip) ? "IPv6" : "IPv4")})");
            }
        }

        var rules = new List<FirewallRule>();
        foreach (var chain in chains)
        {
            foreach (var cidr in podCidrs)
            {
                foreach (var ip in apiservers.Where(ip => NetworkInputs.IsIPv6(ip) == NetworkInputs.IsIPv6(cidr.BaseAddress)))
                {
                    if (ports.Count == 0) rules.Add(Reject(chain, cidr, ip, null));
                    rules.AddRange(ports.Select(port => Reject(chain, cidr, ip, port)));
                }
            }
        }
        var probed = ports.Count > 0 ? ports : verifyPorts.Count > 0 ? verifyPorts : CommonPorts;
        var probe = new ProbePlan(
            "the API server",
            apiservers.SelectMany(ip => probed.Select(port => NetworkInputs.HostPort(ip, port))).ToList(),
            EveryTargetMustAnswer: ports.Count > 0 || verifyPorts.Count > 0,
            ProvesWhat: "one probe pod proves one node (its chains): run verify on every node");
        return new IptablesPlan(Name, "Reject pod traffic to the Kubernetes API server", About(network, ports), [], rules, probe);
    }

    private static FirewallRule Reject(string chain, IPNetwork source, IPAddress destination, int? port)
    {
        var match = port is { } p ? $" -p tcp --dport {p}" : "";
        var target = port != null ? "REJECT --reject-with tcp-reset" : "REJECT";
        var spec = $"-s {source} -d {NetworkInputs.HostCidr(destination)}{match} -m comment --comment \"{Comment}\" -j {target}";
        return new FirewallRule(NetworkInputs.IsIPv6(destination), chain, RulePlace.First, spec);
    }

    private static List<string> About(string? network, List<int> ports)
    {
        return
        [
            ports.Count == 0
                ? "Rejects ALL traffic (every protocol and port) from the pod network to the API server's address."
                : $"Rejects TCP port {string.Join(", ", ports)} from the pod network to the API server's address (--port).",
            network switch
            {
                "vpc" => "Network vpc (the guidance's mapping): OUTPUT, which sees only what the node's own stack sends.",
                "overlay" => "Network overlay (the guidance's mapping): FORWARD, which pods behind veth/bridge/tunnel datapaths cross.",
                _ => "Datapath not given: OUTPUT (what the node's own stack sends) and FORWARD (pods behind veth/bridge/tunnel datapaths).",
            },
            "INPUT: pods on the node that holds the API server's address (a control-plane node) reach it through INPUT.",
            "eBPF datapaths (Calico eBPF, Cilium with kube-proxy replacement) bypass these chains: verify shows it.",
            "hostNetwork pods send from the node's own address: these rules (and NetworkPolicies) cannot match them.",
            "Pods on the pod network that need the API server (CoreDNS, controllers) lose it too, the Service address included.",
        ];
    }
}
