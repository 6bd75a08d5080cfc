using System.Text;
using Stockade.Kube;
using Stockade.Tests.Cli;
using Stockade.Yaml;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Generate;

/// <summary>
/// <c>stockade generate network-policies</c>, checked by reading the output back with the
/// project's own YAML reader and object reader, the way kubectl apply would receive it.
/// </summary>
public class NetworkPolicyGenerationTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    internal static List<KubeObject> Read(string yaml)
    {
        var objects = new List<KubeObject>();
        foreach (var raw in DocumentSplitter.Split(new MemoryStream(Encoding.UTF8.GetBytes(yaml)), "generated.yaml", ParseLimits.Default))
        {
            foreach (var doc in raw.Parse(ParseLimits.Default))
            {
                Assert.Null(doc.Error);
                Assert.Empty(doc.Diagnostics);
                var notes = new List<ReadNote>();
                objects.AddRange(ObjectReader.Read(doc, notes));
                Assert.Empty(notes);
            }
        }
        return objects;
    }

    private static YNode At(YNode node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                string key => ((YMapping)node)[key] ?? throw new Xunit.Sdk.XunitException($"no {key}"),
                int index => ((YSequence)node).Items[index],
                _ => throw new ArgumentException(step.ToString()),
            };
        }
        return node;
    }

    private static string Text(YNode node, params object[] path) => ((YScalar)At(node, path)).Text;

    private static List<string> Texts(YNode node, params object[] path) => ((YSequence)At(node, path)).Items.Select(i => ((YScalar)i).Text).ToList();

    private static KubeObject Policy(List<KubeObject> objects, string ns, string name) =>
        Assert.Single(objects, o => o.Namespace.Value == ns && o.Name.Value == name);

    [Fact]
    public async Task Default_deny_with_dns_for_every_namespace()
    {
        var run = await Run("generate", "network-policies", "-n", "shop", "-n", "billing");
        Assert.Equal(0, run.ExitCode);
        var objects = Read(run.Stdout);
        Assert.Equal(4, objects.Count);
        Assert.All(objects, o => Assert.Equal(("networking.k8s.io/v1", "NetworkPolicy"), (o.ApiVersion, o.Kind)));
        Assert.All(objects, o => Assert.False(o.Decode.HasErrors));
        foreach (var ns in new[] { "shop", "billing" })
        {
            var deny = Policy(objects, ns, "default-deny").Root;
            Assert.Empty(((YMapping)At(deny, "spec", "podSelector")).Entries);
            Assert.Equal(["Ingress", "Egress"], Texts(deny, "spec", "policyTypes"));
            Assert.Null(((YMapping)At(deny, "spec"))["ingress"]);
            Assert.Null(((YMapping)At(deny, "spec"))["egress"]);

            var dns = Policy(objects, ns, "allow-dns-egress").Root;
            Assert.Equal(["Egress"], Texts(dns, "spec", "policyTypes"));
            var to = At(dns, "spec", "egress", 0, "to", 0);
            Assert.Equal("kube-system", Text(to, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
            Assert.Equal("kube-dns", Text(to, "podSelector", "matchLabels", "k8s-app"));
            var ports = ((YSequence)At(dns, "spec", "egress", 0, "ports")).Items;
            Assert.Equal(["UDP 53", "TCP 53"], ports.Select(p => $"{Text(p, "protocol")} {((YScalar)At(p, "port")).IntValue}").ToList());
        }
    }

    [Fact]
    public async Task Says_that_host_network_pods_are_not_covered()
    {
        var run = await Run("generate", "network-policies", "-n", "shop");
        Assert.Contains("# hostNetwork pods are not covered: NetworkPolicy behaviour for them is undefined upstream\n", run.Stdout);
        Assert.Contains("node's own address", run.Stdout);
        Read(run.Stdout);
    }

    [Fact]
    public async Task Namespaces_that_need_the_api_server_get_only_it()
    {
        var run = await Run("generate", "network-policies", "-n", "shop", "-n", "operators", "--apiserver", "10.0.0.10", "--apiserver", "10.0.0.11", "--apiserver-port", "6443", "--allow-apiserver", "operators");
        Assert.Equal(0, run.ExitCode);
        var objects = Read(run.Stdout);
        Assert.DoesNotContain(objects, o => o.Namespace.Value == "shop" && o.Name.Value == "allow-apiserver-egress");
        var allow = Policy(objects, "operators", "allow-apiserver-egress").Root;
        var to = (YSequence)At(allow, "spec", "egress", 0, "to");
        Assert.Equal(["10.0.0.10/32", "10.0.0.11/32"], to.Items.Select(t => Text(t, "ipBlock", "cidr")).ToList());
        var port = Assert.Single(((YSequence)At(allow, "spec", "egress", 0, "ports")).Items);
        Assert.Equal(("TCP", 6443L), (Text(port, "protocol"), ((YScalar)At(port, "port")).IntValue));
    }

    [Fact]
    public async Task Allow_except_api_server_blocks_only_the_api_server()
    {
        var run = await Run("generate", "network-policies", "-n", "shop", "-n", "operators", "--egress", "allow-except-apiserver", "--apiserver", "10.0.0.10", "--apiserver", "fd00::10", "--allow-apiserver", "operators");
        Assert.Equal(0, run.ExitCode);
        var objects = Read(run.Stdout);
        Assert.Equal(["Ingress"], Texts(Policy(objects, "shop", "default-deny").Root, "spec", "policyTypes"));
        Assert.DoesNotContain(objects, o => o.Name.Value == "allow-dns-egress");
        var block = Policy(objects, "shop", "deny-apiserver-egress").Root;
        Assert.Equal(["Egress"], Texts(block, "spec", "policyTypes"));
        var to = ((YSequence)At(block, "spec", "egress", 0, "to")).Items;
        Assert.Equal("0.0.0.0/0", Text(to[0], "ipBlock", "cidr"));
        Assert.Equal(["10.0.0.10/32"], Texts(to[0], "ipBlock", "except"));
        Assert.Equal("::/0", Text(to[1], "ipBlock", "cidr"));
        Assert.Equal(["fd00::10/128"], Texts(to[1], "ipBlock", "except"));
        Assert.Empty(((YMapping)At(to[2], "namespaceSelector")).Entries);
        // The namespace that needs the API server keeps its egress open.
        Assert.DoesNotContain(objects, o => o.Namespace.Value == "operators" && o.Name.Value == "deny-apiserver-egress");
        Assert.Equal(["Ingress"], Texts(Policy(objects, "operators", "default-deny").Root, "spec", "policyTypes"));
    }

    [Fact]
    public async Task Namespaces_come_from_a_dump_without_the_system_ones()
    {
        var dump = _tree.Write("dump.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: shop}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: billing}
            - apiVersion: v1
              kind: ServiceAccount
              metadata: {name: coredns, namespace: kube-system}
            """);
        var run = await Run("generate", "network-policies", "--from", dump, "-o", _tree.PathOf("out.yaml"));
        Assert.Equal(0, run.ExitCode);
        var objects = Read(File.ReadAllText(_tree.PathOf("out.yaml")));
        Assert.Equal(["billing", "shop"], objects.Select(o => o.Namespace.Value).Distinct().ToList());
    }

    [Fact]
    public async Task Generated_policies_are_read_without_errors_by_the_scanner()
    {
        var run = await Run("generate", "network-policies", "-n", "shop", "--apiserver", "10.0.0.10", "--allow-apiserver", "shop");
        var result = TestScan.Yaml(run.Stdout);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Objects.Count);
    }

    [Theory]
    [InlineData("needs --namespace", "generate", "network-policies")]
    [InlineData("is not a namespace name", "generate", "network-policies", "-n", "Shop")]
    [InlineData("is not an IP address", "generate", "network-policies", "-n", "a", "--apiserver", "10.0.0")]
    [InlineData("is not an IP address", "generate", "network-policies", "-n", "a", "--apiserver", "10.0.0.010")]
    [InlineData("is not a port", "generate", "network-policies", "-n", "a", "--apiserver", "10.0.0.1", "--apiserver-port", "70000")]
    [InlineData("needs --apiserver", "generate", "network-policies", "-n", "a", "--egress", "allow-except-apiserver")]
    [InlineData("needs --apiserver", "generate", "network-policies", "-n", "a", "--allow-apiserver", "a")]
    [InlineData("not one of the namespaces", "generate", "network-policies", "-n", "a", "--apiserver", "10.0.0.1", "--allow-apiserver", "b")]
    [InlineData("is not deny or allow-except-apiserver", "generate", "network-policies", "-n", "a", "--egress", "open")]
    [InlineData("is not KEY=VALUE", "generate", "network-policies", "-n", "a", "--dns-label", "k8s-app")]
    [InlineData("unknown kind", "generate", "firewall")]
    public async Task Invalid_input_is_a_usage_error(string message, params string[] args)
    {
        var run = await Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
