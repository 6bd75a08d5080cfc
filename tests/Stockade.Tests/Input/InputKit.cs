using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Profiles;
using Stockade.Yaml;

namespace Stockade.Tests.Input;

/// <summary>Reads manifests through the real splitter, tree builder, object reader and scanner.</summary>
internal static class InputKit
{
    public static ScanResult Scan(string text, ParseLimits? limits = null, string file = "test.yaml") =>
        ScanBytes(Encoding.UTF8.GetBytes(text), limits, file);

    public static ScanResult ScanBytes(byte[] bytes, ParseLimits? limits = null, string file = "test.yaml") =>
        new Scanner(new ScanOptions
        {
            Profile = ProfileRegistry.Hardened,
            Config = StockadeConfig.Default,
            FailOn = Severity.High,
            Today = new DateOnly(2026, 11, 24),
            MaxParallelism = 1,
            Limits = limits ?? ParseLimits.Default,
        }).Scan([new ScanInput(file, () => new MemoryStream(bytes))]);

    /// <summary>Every parsed document of a stream, in order.</summary>
    public static List<ParsedDocument> Documents(string text, ParseLimits? limits = null) =>
        DocumentsOf(Encoding.UTF8.GetBytes(text), limits);

    public static List<ParsedDocument> DocumentsOf(byte[] bytes, ParseLimits? limits = null)
    {
        var l = limits ?? ParseLimits.Default;
        return DocumentSplitter.Split(new MemoryStream(bytes), "test.yaml", l).SelectMany(d => d.Parse(l)).ToList();
    }

    /// <summary>The single YAML document of <paramref name="yaml"/>, parsed.</summary>
    public static ParsedDocument Parse(string yaml, ParseLimits? limits = null) =>
        YamlTreeBuilder.Parse(yaml, "test.yaml", 0, 1, limits ?? ParseLimits.Default);

    /// <summary>The root mapping of a document that must parse.</summary>
    public static YMapping Root(string yaml)
    {
        var doc = Parse(yaml);
        Assert.Null(doc.Error);
        return Assert.IsType<YMapping>(doc.Root);
    }

    public static YScalar Scalar(YMapping map, string key) => Assert.IsType<YScalar>(map[key]);

    /// <summary>A pod whose single container has the given securityContext lines (indented by the caller's text).</summary>
    public static string PodWithSecurityContext(string securityContextBody) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
        {TestScan.Indent(securityContextBody, 6)}
        """;

    /// <summary>Reads the single object of a document and locates its pod.</summary>
    public static (KubeObject Object, PodSubject? Pod) Locate(string yaml)
    {
        var doc = Parse(yaml);
        Assert.Null(doc.Error);
        var notes = new List<ReadNote>();
        var obj = Assert.Single(ObjectReader.Read(doc, notes));
        return (obj, WorkloadLocator.Locate(obj));
    }

    /// <summary>The first container of the located pod.</summary>
    public static ContainerModel FirstContainer(string yaml)
    {
        var (obj, pod) = Locate(yaml);
        Assert.False(obj.Decode.HasErrors, string.Join("; ", obj.Decode.Errors.Select(e => e.Message)));
        Assert.NotNull(pod);
        return pod!.Spec.Containers[0];
    }

    public static string Describe(ScanResult r) =>
        string.Join("\n", r.Errors.Select(e => $"E {e.Line}:{e.Column} {e.Message}").Concat(r.Notes.Select(n => $"N {n.Line}:{n.Column} {n.Message}")));
}
