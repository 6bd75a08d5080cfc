using System.Net;

namespace Stockade.Cli.Generate;

/// <summary>
/// etcd reachable only by the API servers: in INPUT of every member, the client and peer ports
/// jump to a chain of our own that accepts loopback, the control plane and the members, and
/// rejects the rest. A chain of its own keeps the accepts ahead of the reject however often the
/// script runs (accepts are inserted first, the reject appended last).
/// </summary>
internal static class EtcdIsolation
{
    public const string Name = "stockade-etcd-ingress";
    public const string Chain = "STOCKADE-ETCD";
    public const string Comment = "stockade: only the API servers may reach etcd";
    public static readonly IReadOnlyList<int> DefaultPorts = [2379, 2380];

    public static IptablesPlan Plan(ArgReader a)
    {
        IptablesCommand.Reject(a, "--etcd (it rejects every source but the control plane and the members)", "--apiserver", "--pod-cidr", "--network", "--verify-port");
        var members = a.Values("--etcd-member").Select(v => NetworkInputs.Address(v, "--etcd-member")).Distinct().ToList();
        if (members.Count == 0) throw new UsageException("--etcd needs --etcd-member IP (every etcd member's address)");
        var controlPlane = a.Values("--control-plane").Select(v => NetworkInputs.Address(v, "--control-plane")).Distinct().ToList();
        if (controlPlane.Count == 0) throw new UsageException("--etcd needs --control-plane IP (every API server's address as etcd sees it connect)");
        var ports = IptablesCommand.Ports(a, "--port");
        if (ports.Count == 0) ports = [.. DefaultPorts];
        var dports = string.Join(",", ports);
        var allowed = controlPlane.Concat(members).Distinct().ToList();

        var chains = new List<(bool, string)>();
        var rules = new List<FirewallRule>();
        foreach (var v6 in new[] { false, true }.Where(v6 => allowed.Any(ip => NetworkInputs.IsIPv6(ip) == v6)))
        {
            chains.Add((v6, Chain));
            rules.Add(new FirewallRule(v6, Chain, RulePlace.First, $"-i lo -m comment --comment \"{Comment}\" -j ACCEPT"));
            rules.AddRange(allowed.Where(ip => NetworkInputs.IsIPv6(ip) == v6)
                .Select(ip => new FirewallRule(v6, Chain, RulePlace.First, $"-s {NetworkInputs.HostCidr(ip)} -m comment --comment \"{Comment}\" -j ACCEPT")));
            rules.Add(new FirewallRule(v6, Chain, RulePlace.Last, $"-p tcp -m comment --comment \"{Comment}\" -j REJECT --reject-with tcp-reset"));
            // The jump last: the chain is complete before any packet is sent to it.
            rules.Add(new FirewallRule(v6, "INPUT", RulePlace.First, $"-p tcp -m multiport --dports {dports} -m comment --comment \"{Comment}\" -j {Chain}"));
        }
        var probe = new ProbePlan(
            "etcd",
            members.SelectMany(ip => ports.Select(port => NetworkInputs.HostPort(ip, port))).ToList(),
            EveryTargetMustAnswer: true,
            ProvesWhat: "one probe pod proves the members' rules against one node's pods: run verify from a control-plane node, naming each node whose pods to check");
        var about = new List<string>
        {
            $"For EVERY etcd member. INPUT: TCP {string.Join(", ", ports)} accepted from loopback, the control plane ({string.Join(", ", controlPlane)})",
            $"and the members ({string.Join(", ", members)}); rejected from everything else, the pod network included.",
            "Run verify on a control-plane node: etcd must answer from it, and be refused to a pod.",
            "hostNetwork pods on a control-plane or member node send from an accepted address: these rules cannot stop them.",
        };
        return new IptablesPlan(Name, "Accept etcd's ports only from the API servers and the members", about, chains, rules, probe);
    }
}
