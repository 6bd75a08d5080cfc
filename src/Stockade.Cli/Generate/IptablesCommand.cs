using Stockade.Cli.Options;

namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate iptables</c>: options; <see cref="ApiServerIsolation"/> and <see cref="EtcdIsolation"/> plan the rules, <see cref="IptablesScript"/> writes the script.</summary>
internal static class IptablesCommand
{
    internal static readonly CommandSpec Spec = new(
        "iptables",
        "node-level iptables rules rejecting pod traffic to the API server (or etcd)",
        """
        stockade generate iptables --apiserver IP --pod-cidr CIDR [--network vpc|overlay] [options]
        stockade generate iptables --etcd --etcd-member IP… --control-plane IP… [options]
        """,
        """
        For clusters that do not enforce NetworkPolicies: a script for every node that rejects ALL
        traffic from the pod (container) network to the API server's private address (--port narrows
        it to TCP ports). The chain is the one pod packets cross on the node, which depends on the
        datapath (see docs/node-isolation.md for each CNI):
          --network vpc        the guidance's mapping for VPC-routed pod addresses: OUTPUT
          --network overlay    the guidance's mapping for tunnel/bridge networks: FORWARD
          (no --network)       the datapath is not known: OUTPUT and FORWARD
        INPUT is covered in every case (pods on the node that holds the API server's address).
        eBPF datapaths (Calico eBPF, Cilium with kube-proxy replacement) bypass iptables: `verify`
        shows it, and their own policies are the tool there.

        --etcd: a script for every etcd member that accepts etcd's client and peer ports (2379, 2380)
        only from loopback, the control-plane addresses and the other members, and rejects everyone
        else, the pod network included (INPUT).

        hostNetwork pods send from the node's own address: no pod-network rule and no NetworkPolicy
        can tell them from the node.

        The script applies the rules idempotently (`sh FILE`), keeps them across reboots
        (`sh FILE persist-iptables-persistent`, `persist-systemd` or `persist-rc-local`), and proves
        them (`sh FILE verify [NODE]`, on the node, with kubectl): the node reaches the API server
        (etcd) and a pod on that node's pod network is refused or times out, on every probed port.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Many("--apiserver", "IP", "the API server's private address (repeatable; IPv4 or IPv6)") with { Docs = "the API server's private address (repeatable; IPv4 gets `iptables`, IPv6 `ip6tables` rules)" },
                CliOption.Many("--pod-cidr", "CIDR", "the pod (container) network (repeatable; IPv4 and IPv6 for dual stack)") with { Docs = "the container network (repeatable; give the IPv4 and the IPv6 one on dual stack); must not contain the API server. Every `--apiserver` needs a pod network of its family" },
                CliOption.Value("--network", "KIND", "vpc or overlay; leave it out when the datapath is not known") with { Docs = "`vpc`: the guidance's mapping for VPC-routed pod addresses, **OUTPUT** (and INPUT); `overlay`: the guidance's mapping for tunnel/bridge networks, **FORWARD** (and INPUT); no `--network`: the datapath is not known, **FORWARD and OUTPUT** (and INPUT)" },
                CliOption.Many("--port", "N", "narrow the rules to these TCP ports (repeatable); with --etcd, replaces 2379 and 2380") with { Docs = "narrow the rules to these TCP ports (repeatable), `-p tcp --dport N -j REJECT --reject-with tcp-reset`; with `--etcd`, replaces 2379 and 2380" },
                CliOption.Many("--verify-port", "N", "the API server ports verify probes when the rules cover every port (repeatable; default: whichever of 443 and 6443 answer from the node)") with { Docs = "without `--port`: the ports `verify` probes (repeatable); default, whichever of 443 and 6443 answer from the node" },
                CliOption.Flag("--etcd", "etcd mode, with:") with { Docs = "etcd mode, with `--etcd-member IP` (every member, repeatable) and `--control-plane IP` (every API server's address as etcd sees it connect, repeatable)" },
                CliOption.Many("--etcd-member", "IP", "every etcd member's address (repeatable)"),
                CliOption.Many("--control-plane", "IP", "every API server's address as etcd sees it connect (repeatable)"),
                CommonOptions.Output,
            ]),
        ],
        "");

    private static readonly HashSet<string> FlagOptions = ["--etcd", "--help"];

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"generate iptables takes no arguments, got \"{a.Positionals[0]}\"");
        var plan = a.Flag("--etcd") ? EtcdIsolation.Plan(a) : ApiServerIsolation.Plan(a);
        return GenerateCommand.Emit(IptablesScript.Write(plan), a.Value("--output"), stdout, stderr);
    }

    /// <summary>Options that belong to the other mode are an error, never silently ignored.</summary>
    internal static void Reject(ArgReader a, string mode, params string[] options)
    {
        foreach (var option in options.Where(o => a.Values(o).Count > 0))
        {
            throw new UsageException($"{option} does not apply to {mode}");
        }
    }

    internal static List<int> Ports(ArgReader a, string option) => a.Values(option).Select(v => NetworkInputs.Port(v, option)).Distinct().ToList();
}
