using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Rules.Workload;
using Stockade.Yaml;

namespace Stockade.Tests.Scanning;

/// <summary>
/// A need a profile declares is met by the scanner alone: it gathers the kinds, spools the
/// documents when the need can add rules, and checks every document with the rules it added —
/// the way a new whole-input source (ValidatingAdmissionPolicy bindings, say) joins a scan.
/// </summary>
public class InputNeedTests
{
    private const string Input = """
        apiVersion: v1
        kind: Pod
        metadata: {name: early, namespace: default}
        spec:
          containers: [{name: c, image: "r/x:1", securityContext: {privileged: true}}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: strict, namespace: default}
        """;

    private sealed class MemorySpool : IDocumentSpool
    {
        public List<RawDocument> Kept { get; } = new();
        public void Add(RawDocument document) => Kept.Add(document);
        public ScanError? Overflow => null;
        public IEnumerable<RawDocument> Replay() => Kept;
    }

    // The rule joins only when the input holds a ConfigMap named "strict", wherever it is.
    private static Profile Declaring(List<IReadOnlyList<KubeObject>> seen) => new("custom", "", [])
    {
        Needs =
        [
            new InputNeed
            {
                Kinds = new HashSet<string> { "ConfigMap" },
                AddsRules = true,
                Resolve = (profile, gathered, _) =>
                {
                    seen.Add(gathered);
                    return gathered.Any(o => o.Name.IsSet && o.Name.Value == "strict") ? new Profile("custom", "", [new PrivilegedContainer()]) : profile;
                },
            },
        ],
    };

    private static ScanResult Scan(Profile profile, IDocumentSpool? spool) => new Scanner(new ScanOptions
    {
        Profile = profile,
        Config = StockadeConfig.Default,
        Today = new DateOnly(2026, 12, 1),
        MaxParallelism = 1,
        Spool = spool,
    }).Scan([new ScanInput("in.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(Input)))]);

    [Fact]
    public void A_rule_a_declared_need_adds_after_the_read_checks_the_documents_before_the_object_it_needed()
    {
        var seen = new List<IReadOnlyList<KubeObject>>();
        var spool = new MemorySpool();
        var result = Scan(Declaring(seen), spool);

        var gathered = Assert.Single(seen);
        Assert.Equal(["ConfigMap"], gathered.Select(o => o.Kind));
        Assert.Equal(2, spool.Kept.Count);
        var finding = Assert.Single(result.Findings, f => f.Rule == "privileged-container");
        Assert.Equal("early", finding.Object.Name);
        Assert.Equal(Verdict.Fail, Assert.Single(result.Objects, o => o.Object.Name == "early").Verdict);
    }

    [Fact]
    public void A_chart_template_that_parses_stays_an_error_when_the_added_rules_check_the_kept_documents()
    {
        // In a chart's templates/ a document with {{ is an unrendered template even where it parses;
        // the second look must see it so too, or its object takes the next object's held verdict.
        const string template = """
            apiVersion: v1
            kind: Pod
            metadata: {name: templated, namespace: default}
            spec:
              containers: [{name: c, image: "{{ .Values.image }}"}]
            """;
        var result = new Scanner(new ScanOptions
        {
            Profile = Declaring([]),
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 12, 1),
            MaxParallelism = 1,
            Spool = new MemorySpool(),
        }).Scan(
        [
            new ScanInput("chart/templates/pod.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(template))) { InHelmChart = true },
            new ScanInput("in.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(Input))),
        ]);

        Assert.Contains(result.Errors, e => e.File == "chart/templates/pod.yaml" && e.Message.Contains("a Helm template"));
        Assert.DoesNotContain(result.Objects, o => o.File == "chart/templates/pod.yaml");
        Assert.DoesNotContain(result.Findings, f => f.File == "chart/templates/pod.yaml");
        Assert.Equal(Verdict.Fail, Assert.Single(result.Objects, o => o.Object.Name == "early").Verdict);
        Assert.Equal(Verdict.Pass, Assert.Single(result.Objects, o => o.Object.Name == "strict").Verdict);
    }

    [Fact]
    public void A_rule_added_after_the_read_with_no_spool_is_an_error_not_a_pass()
    {
        var result = Scan(Declaring([]), spool: null);

        Assert.Contains(result.Errors, e => e.Message.Contains("privileged-container joined the profile after the read"));
        Assert.NotEqual(RunOutcome.Passed, result.Outcome);
    }
}
