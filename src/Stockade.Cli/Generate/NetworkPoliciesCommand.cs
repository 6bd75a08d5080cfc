using System.Net;
using System.Text.RegularExpressions;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;
using Stockade.Cli.Options;

namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate network-policies</c>: options, validation, and where the namespaces come from.</summary>
internal static partial class NetworkPoliciesCommand
{
    internal static readonly CommandSpec Spec = new(
        "network-policies",
        "default-deny NetworkPolicies per namespace, and egress rules that keep pods away from the API server",
        "stockade generate network-policies (--namespace NS… | --from PATH…) [options]",
        """
        Writes NetworkPolicies for each namespace (kubectl apply -f the output):
          default-deny            selects every pod; no ingress, and (with --egress deny) no egress
          allow-dns-egress        lets every pod query cluster DNS (kube-dns, port 53 UDP and TCP)
          allow-apiserver-egress  for namespaces named with --allow-apiserver: the API server only
          deny-apiserver-egress   with --egress allow-except-apiserver: all egress but the API server
        With the default --egress deny, pods cannot reach the API server (nor anything else) unless a
        policy allows it; allow-except-apiserver keeps other egress open and blocks only the API server.
        NetworkPolicies are enforced only by a CNI that implements them (Calico, Cilium, …); without
        one, use `stockade generate iptables`.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Many("--namespace", "NS", "a namespace to protect (repeatable)", "-n"),
                CliOption.Many("--from", "PATH", "protect every namespace found in these manifests or cluster dump (kube-system, kube-public and kube-node-lease only when named)"),
                CliOption.Value("--egress", "MODE", "deny (default) or allow-except-apiserver"),
                CliOption.Many("--apiserver", "IP", "the API server's address as pods reach it after Service translation: the endpoints of `kubectl get endpoints kubernetes` (repeatable)"),
                CliOption.Many("--apiserver-port", "N", "its port (repeatable; default 443 and 6443)"),
                CliOption.Many("--allow-apiserver", "NS", "a namespace whose pods need the API server (repeatable)"),
                CliOption.Value("--dns-namespace", "NS", "where cluster DNS runs (default kube-system)"),
                CliOption.Value("--dns-label", "KEY=VALUE", "the label of the DNS pods (default k8s-app=kube-dns)"),
                CommonOptions.Output,
            ]),
        ],
        "");

    private static readonly HashSet<string> FlagOptions = ["--help"];
    private static readonly HashSet<string> SystemNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"generate network-policies takes no arguments, got \"{a.Positionals[0]}\"");

        var egress = a.Value("--egress") ?? "deny";
        if (egress is not ("deny" or "allow-except-apiserver")) throw new UsageException($"--egress: \"{egress}\" is not deny or allow-except-apiserver");
        var apiservers = a.Values("--apiserver").Select(v => NetworkInputs.Address(v, "--apiserver")).Distinct().ToList();
        var ports = a.Values("--apiserver-port").Select(v => NetworkInputs.Port(v, "--apiserver-port")).Distinct().ToList();
        if (ports.Count == 0) ports = [443, 6443];
        var allowApiserver = a.Values("--allow-apiserver").Select(v => NetworkInputs.Namespace(v, "--allow-apiserver")).ToHashSet(StringComparer.Ordinal);
        if (apiservers.Count == 0 && (egress == "allow-except-apiserver" || allowApiserver.Count > 0))
        {
            throw new UsageException(egress == "allow-except-apiserver"
                ? "--egress allow-except-apiserver needs --apiserver IP (kubectl get endpoints kubernetes -n default)"
                : "--allow-apiserver needs --apiserver IP (kubectl get endpoints kubernetes -n default)");
        }
        var dnsNamespace = NetworkInputs.Namespace(a.Value("--dns-namespace") ?? "kube-system", "--dns-namespace");
        var (dnsKey, dnsValue) = Label(a.Value("--dns-label") ?? "k8s-app=kube-dns");

        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var ns in a.Values("--namespace")) namespaces.Add(NetworkInputs.Namespace(ns, "--namespace"));
        if (a.Values("--from").Count > 0)
        {
            var errors = new List<ScanError>();
            foreach (var ns in NamespacesIn(InputCollector.Collect(a.Values("--from"), () => Stream.Null, errors)).Where(n => !SystemNamespaces.Contains(n))) namespaces.Add(ns);
            foreach (var e in errors) stderr.WriteLine($"stockade: {e.File}: {e.Message}");
            if (errors.Count > 0) return ExitCodes.Error;
        }
        if (namespaces.Count == 0) throw new UsageException("generate network-policies needs --namespace NS or --from PATH with namespaced objects");
        foreach (var ns in allowApiserver.Where(n => !namespaces.Contains(n))) throw new UsageException($"--allow-apiserver {ns}: not one of the namespaces policies are generated for");

        var plan = new NetworkPolicyPlan
        {
            Namespaces = namespaces.ToList(),
            DenyAllEgress = egress == "deny",
            ApiServers = apiservers,
            ApiServerPorts = ports,
            NeedApiServer = allowApiserver,
            DnsNamespace = dnsNamespace,
            DnsLabelKey = dnsKey,
            DnsLabelValue = dnsValue,
        };
        return GenerateCommand.Emit(NetworkPolicyYaml.Write(plan), a.Value("--output"), stdout, stderr);
    }

    /// <summary>Namespaces named by Namespace objects and by namespaced objects, read by the scanner's own reader.</summary>
    private static IEnumerable<string> NamespacesIn(IEnumerable<ScanInput> inputs)
    {
        foreach (var input in inputs)
        {
            using var stream = input.Open();
            foreach (var raw in DocumentSplitter.Split(stream, input.Name, ParseLimits.Default))
            {
                foreach (var doc in raw.Parse(ParseLimits.Default))
                {
                    if (doc.Error != null) continue;
                    foreach (var obj in ObjectReader.Read(doc, new List<ReadNote>()))
                    {
                        if (obj.Kind == "Namespace" && obj.ApiVersion == "v1" && obj.Name.IsSet) yield return obj.Name.Value;
                        else if (obj.Namespace.IsSet && obj.Namespace.Value.Length > 0) yield return obj.Namespace.Value;
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"^(?:(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?=(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")]
    private static partial Regex LabelPattern();

    private static (string Key, string Value) Label(string text)
    {
        if (!LabelPattern().IsMatch(text)) throw new UsageException($"--dns-label: \"{text}\" is not KEY=VALUE with a valid label key and value");
        var eq = text.IndexOf('=');
        return (text[..eq], text[(eq + 1)..]);
    }
}

/// <summary>What to generate, validated.</summary>
internal sealed record NetworkPolicyPlan
{
    public required IReadOnlyList<string> Namespaces { get; init; }

    /// <summary>True: default-deny covers egress too; false: all egress but the API server stays open.</summary>
    public required bool DenyAllEgress { get; init; }
    public required IReadOnlyList<IPAddress> ApiServers { get; init; }
    public required IReadOnlyList<int> ApiServerPorts { get; init; }
    public required IReadOnlySet<string> NeedApiServer { get; init; }
    public required string DnsNamespace { get; init; }
    public required string DnsLabelKey { get; init; }
    public required string DnsLabelValue { get; init; }
}
