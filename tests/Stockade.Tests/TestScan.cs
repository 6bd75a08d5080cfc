using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;

namespace Stockade.Tests;

/// <summary>Scans manifests given as strings, through the same pipeline the CLI uses.</summary>
public static class TestScan
{
    public static ScanResult Yaml(string yaml, Profile? profile = null, StockadeConfig? config = null, Severity? failOn = Severity.High, DateOnly? today = null, Kube.Schema.FieldValidation fieldValidation = Kube.Schema.FieldValidation.Ignore) =>
        new Scanner(new ScanOptions
        {
            Profile = profile ?? ProfileRegistry.Hardened,
            Config = config ?? StockadeConfig.Default,
            FailOn = failOn,
            Today = today ?? new DateOnly(2026, 11, 24),
            MaxParallelism = 1,
            FieldValidation = fieldValidation,
        }).Scan([new ScanInput("test.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(yaml)))]);

    /// <summary>Unsuppressed findings of one rule.</summary>
    public static List<Finding> Findings(this ScanResult result, string rule) =>
        result.Findings.Where(f => f.Rule == rule && !f.Suppressed).ToList();

    /// <summary>Wraps container YAML (indented for a pod's containers list) in a Pod.</summary>
    public static string Pod(string podSpecBody, string name = "p") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: default
        spec:
        {Indent(podSpecBody, 2)}
        """;

    /// <summary>The comment that marks the line a finding must point at, so tests do not count a wrapper's preamble.</summary>
    public const string Marker = "# <-";

    /// <summary>The 1-based numbers of the lines of <paramref name="yaml"/> that carry <see cref="Marker"/>.</summary>
    public static List<int> MarkedLines(string yaml) =>
        yaml.Replace("\r\n", "\n").Split('\n')
            .Select((line, i) => (line, Number: i + 1))
            .Where(l => l.line.Contains(Marker, StringComparison.Ordinal))
            .Select(l => l.Number)
            .ToList();

    /// <summary>The one line of <paramref name="yaml"/> that carries <see cref="Marker"/>.</summary>
    public static int MarkedLine(string yaml) => Assert.Single(MarkedLines(yaml));

    /// <summary>The one line of <paramref name="yaml"/> marked <c># &lt;-label</c>, where one fixture marks the lines of several findings.</summary>
    public static int MarkedLine(string yaml, string label) =>
        Assert.Single(MarkedLines(yaml), line => yaml.Replace("\r\n", "\n").Split('\n')[line - 1].TrimEnd().EndsWith(Marker + label, StringComparison.Ordinal));

    public static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.Length == 0 ? l : pad + l));
    }
}
