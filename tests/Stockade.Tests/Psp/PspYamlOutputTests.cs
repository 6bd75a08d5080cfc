using System.Text;
using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Psp;
using Stockade.Tests.Cli;
using Stockade.Yaml;

namespace Stockade.Tests.Psp;

/// <summary>The mutated manifest as YAML: edited documents read back as the mutated objects, the rest is untouched.</summary>
public class PspYamlOutputTests
{
    private static readonly string Root = FindRoot();
    private static readonly string PspExamples = Path.Combine(Root, "examples", "psp");

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Stockade.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    private static List<PspPolicy> Policies(params string[] names) =>
        names.SelectMany(n => PspLoader.Load([(n, () => File.OpenRead(Path.Combine(PspExamples, n + ".yaml")))]).Policies).ToList();

    /// <summary>Inline manifests covering layouts the examples do not: flow styles, CRLF, block scalars, Lists, several documents.</summary>
    private static readonly (string Name, string Text)[] Inline =
    [
        ("flow.yaml", """
            # a pod written with flow collections
            apiVersion: v1
            kind: Pod
            metadata: {name: flow, namespace: default}
            spec:
              securityContext: {runAsUser: 1000}
              containers:
              - {name: app, image: "registry.example/app:1", securityContext: {capabilities: {drop: [NET_RAW]}}}
            """),
        ("crlf.yaml", "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf   # windows\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: x\r\n"),
        ("block-scalar.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: script
              annotations:
                team: a
            spec:
              containers:
                - name: app
                  image: busybox
                  args:
                    - sh
                    - -c
                    - |
                      echo one
                      echo two

            # end of pod
            """),
        ("several.yaml", """
            apiVersion: v1
            kind: Service
            metadata: {name: svc}
            spec: {ports: [{port: 80}]}
            ---
            # the workload
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata:
                  labels: {app: db}
                spec:
                  initContainers:
                  - name: init
                    image: busybox
                  containers:
                  - name: db
                    image: postgres
                    securityContext:
                      runAsUser: 999
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
            data: {a: b}
            """),
        ("list.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata:
                name: one
              spec:
                containers:
                - name: a
                  image: x
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: two}
            - {apiVersion: v1, kind: Pod, metadata: {name: three}, spec: {containers: [{name: b, image: y}]}}
            """),
    ];

    private static IEnumerable<(string Name, string Text)> Manifests()
    {
        var files = new[] { Path.Combine(PspExamples, "nginx-deployment.yaml"), Path.Combine(Root, "examples", "list.yaml") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "examples", "hardened"), "*.yaml"))
            .Concat(Directory.GetFiles(Path.Combine(Root, "examples", "insecure"), "*.yaml"));
        return files.Select(f => (f, File.ReadAllText(f))).Concat(Inline);
    }

    public static TheoryData<string> PolicySets() => new() { "restricted", "baseline", "privileged", "restricted,baseline,privileged" };

    [Theory]
    [MemberData(nameof(PolicySets))]
    public void Edited_documents_read_back_as_the_mutated_objects_and_the_rest_is_byte_identical(string policyNames)
    {
        var policies = Policies(policyNames.Split(','));
        var changedDocuments = 0;
        foreach (var (name, text) in Manifests())
        {
            var edited = new List<EditedDocument>();
            foreach (var raw in DocumentSplitter.Split(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, ParseLimits.Default))
            {
                var doc = Assert.Single(raw.Parse(ParseLimits.Default));
                var objects = doc.Error == null ? ObjectReader.Read(doc, []) : [];
                var mutations = objects.Select(o => PspMutator.Apply(o, policies)).OfType<PspMutation>().ToList();
                var result = PspYamlOutput.Edit(raw, doc, mutations);
                edited.Add(result);
                Assert.True(result.KeptLayout, $"{name}:{doc.StartLine} was rewritten instead of edited");
                if (mutations.All(m => JsonNode.DeepEquals(m.Before, m.After)))
                {
                    Assert.Same(result.Original, result.Edited);
                    continue;
                }
                changedDocuments++;
                Assert.NotEqual(result.Original, result.Edited);
                var reread = YamlTreeBuilder.Parse(result.Edited, name, doc.Index, doc.StartLine, ParseLimits.Default);
                Assert.Null(reread.Error);
                // No key was written twice by the edit (the input's own duplicates stay as they were).
                Assert.Equal(doc.Diagnostics.Count(d => d.Kind == DiagnosticKind.DuplicateKey), reread.Diagnostics.Count(d => d.Kind == DiagnosticKind.DuplicateKey));
                var rereadObjects = ObjectReader.Read(reread, []);
                Assert.Equal(objects.Count, rereadObjects.Count);
                for (var i = 0; i < objects.Count; i++)
                {
                    var expected = mutations.FirstOrDefault(m => m.Object == objects[i])?.After ?? TreeJson.From(objects[i].Root);
                    var actual = TreeJson.From(rereadObjects[i].Root);
                    Assert.True(JsonNode.DeepEquals(expected, actual), $"{name}:{doc.StartLine} object {i} reads back as\n{actual}\nnot\n{expected}");
                }
                AssertOriginalLinesKept(result.Original, result.Edited, $"{name}:{doc.StartLine}");
            }
            // The whole file: same documents, unchanged ones verbatim.
            var spliced = PspYamlOutput.Splice(text.TrimStart('\uFEFF'), edited);
            var again = DocumentSplitter.Split(new MemoryStream(Encoding.UTF8.GetBytes(spliced)), name, ParseLimits.Default).ToList();
            Assert.Equal(edited.Count, again.Count);
            for (var i = 0; i < again.Count; i++) Assert.Equal(edited[i].Edited, again[i].Text);
        }
        Assert.True(changedDocuments >= 3, $"only {changedDocuments} documents changed: the test would not exercise the editor");
    }

    /// <summary>
    /// Every line of the original is still there, in order, except lines edited in place: those
    /// holding a flow collection (a key or item added inside it) or an empty value.
    /// </summary>
    private static void AssertOriginalLinesKept(string original, string edited, string where)
    {
        var editedLines = edited.Split('\n');
        var j = 0;
        var missing = new List<string>();
        foreach (var line in original.Split('\n'))
        {
            var k = Array.IndexOf(editedLines, line, j);
            if (k < 0) missing.Add(line);
            else j = k + 1;
        }
        var unexpected = missing.Where(l => !(l.Contains('{') || l.Contains('[') || l.TrimEnd().EndsWith(':'))).ToList();
        Assert.True(unexpected.Count == 0, $"{where}: lines lost or reordered: {string.Join(" | ", unexpected)}");
    }

    [Fact]
    public async Task Mutate_prints_yaml_keeping_the_layout_by_default()
    {
        var run = await CliHarness.Run("mutate", "--policy", Path.Combine(PspExamples, "restricted.yaml"), Path.Combine(PspExamples, "nginx-deployment.yaml"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: "runtime/default"
                    container.apparmor.security.beta.kubernetes.io/nginx: "runtime/default"
                    kubernetes.io/psp: "restricted"
                spec:
                  containers:
                  - name: nginx
                    image: nginxinc/nginx-unprivileged:1.25
                    ports:
                    - containerPort: 8080
                    volumeMounts:
                    - name: cache
                      mountPath: /var/cache/nginx
                    securityContext:
                      runAsNonRoot: true
                      capabilities:
                        drop: ["ALL"]
                      allowPrivilegeEscalation: false
                  volumes:
                  - name: cache
                    emptyDir: {}
                  securityContext:
                    supplementalGroups: [1]
                    fsGroup: 1

            """.Replace("\r\n", "\n"), run.Stdout);
        Assert.Contains("admitted by PodSecurityPolicy \"restricted\" after defaulting", run.Stderr);
    }

    [Fact]
    public async Task Mutate_prints_every_file_with_a_source_line_and_unchanged_documents_verbatim()
    {
        using var tree = new TempTree();
        const string service = "# a service\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: a, image: x}\n";
        var first = tree.Write("a.yaml", service);
        var second = tree.Write("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c   # untouched\n");
        var run = await CliHarness.Run("mutate", "--policy", Path.Combine(PspExamples, "privileged.yaml"), first, second);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"# Source: {first}\n# a service\napiVersion: v1\nkind: Service\nmetadata: {{name: s}}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    kubernetes.io/psp: \"privileged\"\nspec:\n  containers:\n  - {{name: a, image: x}}\n" +
            $"---\n# Source: {second}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c   # untouched\n",
            run.Stdout);
    }

    [Fact]
    public async Task Mutate_output_format_json_and_json_input()
    {
        using var tree = new TempTree();
        var yaml = tree.Write("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: x\n");
        var json = tree.Write("p.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"j\"}, \"spec\": {\"containers\": [{\"name\": \"a\", \"image\": \"x\"}]}}");
        var policy = Path.Combine(PspExamples, "privileged.yaml");

        var asJson = await CliHarness.Run("mutate", "--policy", policy, "--output-format", "json", yaml);
        Assert.Equal("privileged", JsonNode.Parse(asJson.Stdout)!["metadata"]!["annotations"]!["kubernetes.io/psp"]!.GetValue<string>());

        var fromJson = await CliHarness.Run("mutate", "--policy", policy, json);
        Assert.Equal("privileged", JsonNode.Parse(fromJson.Stdout)!["metadata"]!["annotations"]!["kubernetes.io/psp"]!.GetValue<string>());

        var jsonAsYaml = await CliHarness.Run("mutate", "--policy", policy, "--output-format", "yaml", json);
        Assert.Equal("apiVersion: \"v1\"\nkind: \"Pod\"\nmetadata:\n  name: \"j\"\n  annotations:\n    kubernetes.io/psp: \"privileged\"\nspec:\n  containers: [{\"name\": \"a\", \"image\": \"x\"}]\n", jsonAsYaml.Stdout);

        var bad = await CliHarness.Run("mutate", "--policy", policy, "--output-format", "xml", yaml);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Mutate_skips_a_byte_order_mark_and_says_when_a_document_had_to_be_rewritten()
    {
        using var tree = new TempTree();
        // The pod and its container share one anchored securityContext; fsGroup belongs to the pod's only.
        var pod = tree.Write("p.yaml", "\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  name: p # comment\nspec:\n  securityContext: &sc {runAsUser: 5}\n  containers:\n  - name: a\n    image: x\n    securityContext: *sc\n");
        var policyFile = tree.Write("psp.yaml", "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: fs}\nspec:\n  runAsUser: {rule: RunAsAny}\n  seLinux: {rule: RunAsAny}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: MustRunAs, ranges: [{min: 7, max: 9}]}\n  volumes: ['*']\n");
        var run = await CliHarness.Run("mutate", "--policy", policyFile, pod);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("\uFEFF", run.Stdout);
        Assert.Contains("p.yaml:1: the document could not be edited in place", run.Stderr);
        var json = TreeJson.From(YamlTreeBuilder.Parse(run.Stdout, "out", 0, 1, ParseLimits.Default).Root!)!;
        Assert.Equal(7, json["spec"]!["securityContext"]!["fsGroup"]!.GetValue<long>());
        Assert.Null(json["spec"]!["containers"]![0]!["securityContext"]!["fsGroup"]);
        Assert.Equal("fs", json["metadata"]!["annotations"]!["kubernetes.io/psp"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mutate_edits_an_anchor_once_when_every_place_sharing_it_changes_alike()
    {
        using var tree = new TempTree();
        var pod = tree.Write("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # comment\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: &sc {runAsUser: 5}\n  - name: b\n    image: z\n    securityContext: *sc\n");
        var policyFile = tree.Write("psp.yaml", PspTestKit.Policy("defaultAllowPrivilegeEscalation: false", name: "pe"));
        var run = await CliHarness.Run("mutate", "--policy", policyFile, pod);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # comment\n  annotations:\n    kubernetes.io/psp: \"pe\"\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: &sc {runAsUser: 5, \"allowPrivilegeEscalation\": false}\n  - name: b\n    image: z\n    securityContext: *sc\n", run.Stdout);
    }
}
