using System.Net;
using System.Net.Sockets;

namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate iptables</c>: options and validation; <see cref="IptablesScript"/> writes the script.</summary>
public static class IptablesCommand
{
    public const string Help = """
        Usage: stockade generate iptables --apiserver IP --pod-cidr CIDR --network vpc|overlay [options]

        For clusters that do not enforce NetworkPolicies: a script for every node that rejects traffic
        from the pod network to the API server's private address, in the chain that pod traffic
        crosses on that kind of network:
          --network vpc        pods get addresses routed by the cloud network (AWS VPC CNI, Azure CNI,
                               GKE VPC-native): rules in OUTPUT
          --network overlay    pods talk through a tunnel or bridge (Flannel VXLAN, Calico IPIP,
                               Weave): rules in FORWARD
        The script applies the rules idempotently (`sh FILE`), makes them persistent
        (`sh FILE persist-iptables-persistent` or `sh FILE persist-systemd`), and says how to check
        from inside a container that the API server is unreachable (`sh FILE verify`).

        Options:
          --apiserver IP       the API server's private address (repeatable; IPv4 or IPv6)
          --pod-cidr CIDR      the pod (container) network (repeatable)
          --network KIND       vpc or overlay
          --port N             API server port to reject (repeatable; default 443 and 6443)
          --all-ports          reject every port of the API server's address, not only --port
          -o, --output FILE    write to FILE instead of stdout
          -h, --help           show this help
        """;

    private static readonly HashSet<string> ValueOptions = ["--apiserver", "--pod-cidr", "--network", "--port", "--output"];
    private static readonly HashSet<string> FlagOptions = ["--all-ports", "--help"];
    private static readonly Dictionary<string, string> Aliases = new() { ["-o"] = "--output", ["-h"] = "--help" };

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(args, ValueOptions, FlagOptions, Aliases);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Help + "\n");
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"generate iptables takes no arguments, got \"{a.Positionals[0]}\"");
        var apiservers = a.Values("--apiserver").Select(v => NetworkInputs.Address(v, "--apiserver")).Distinct().ToList();
        if (apiservers.Count == 0) throw new UsageException("generate iptables needs --apiserver IP (the API server's private address)");
        var podCidrs = a.Values("--pod-cidr").Select(v => NetworkInputs.Cidr(v, "--pod-cidr")).Distinct().ToList();
        if (podCidrs.Count == 0) throw new UsageException("generate iptables needs --pod-cidr CIDR (the pod network, e.g. 10.244.0.0/16)");
        var network = a.Value("--network") ?? throw new UsageException("generate iptables needs --network vpc or --network overlay");
        var chain = network switch
        {
            "vpc" => "OUTPUT",
            "overlay" => "FORWARD",
            _ => throw new UsageException($"--network: \"{network}\" is not vpc or overlay"),
        };
        if (a.Flag("--all-ports") && a.Values("--port").Count > 0) throw new UsageException("--all-ports and --port cannot be combined");
        var ports = a.Flag("--all-ports") ? [] : a.Values("--port").Select(v => NetworkInputs.Port(v, "--port")).Distinct().ToList();
        if (!a.Flag("--all-ports") && ports.Count == 0) ports = [443, 6443];

        var rules = new List<RejectRule>();
        foreach (var cidr in podCidrs)
        {
            foreach (var ip in apiservers.Where(ip => ip.AddressFamily == cidr.BaseAddress.AddressFamily))
            {
                if (cidr.Contains(ip)) throw new UsageException($"--apiserver {ip} is inside --pod-cidr {cidr}; the API server's address must be outside the pod network");
                if (ports.Count == 0) rules.Add(new RejectRule(chain, cidr, ip, null));
                foreach (var port in ports) rules.Add(new RejectRule(chain, cidr, ip, port));
            }
        }
        foreach (var ip in apiservers.Where(ip => !podCidrs.Any(c => c.BaseAddress.AddressFamily == ip.AddressFamily)))
        {
            throw new UsageException($"--apiserver {ip}: no --pod-cidr of the same address family ({(ip.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")})");
        }
        var script = IptablesScript.Write(new IptablesPlan(network, chain, rules, apiservers[0], ports.Count == 0 ? 443 : ports[0]));
        return GenerateCommand.Emit(script, a.Value("--output"), stdout, stderr);
    }
}

/// <summary>One rule: reject <paramref name="Source"/> to <paramref name="Destination"/> (on TCP <paramref name="Port"/>, or every protocol and port).</summary>
public sealed record RejectRule(string Chain, IPNetwork Source, IPAddress Destination, int? Port)
{
    public bool IsIPv6 => Destination.AddressFamily == AddressFamily.InterNetworkV6;
}

public sealed record IptablesPlan(string Network, string Chain, IReadOnlyList<RejectRule> Rules, IPAddress VerifyAddress, int VerifyPort);
