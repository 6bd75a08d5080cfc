using Stockade.Config;
using Stockade.Engine;

namespace Stockade.Tests.Rules;

/// <summary>Wraps a pod spec body in workload kinds, so rules are checked on pod templates too.</summary>
public static class IdentityRuleManifests
{
    /// <summary>Scans, first checking the manifest is one the API server accepts (a rejected object gets no findings).</summary>
    public static ScanResult Scan(string yaml, StockadeConfig? config = null)
    {
        var result = TestScan.Yaml(yaml, config: config);
        Assert.Empty(result.Errors);
        return result;
    }

    /// <summary>A Deployment; without annotations the body's first line is line 12 of the file.</summary>
    public static string Deployment(string podSpecBody, string templateAnnotations = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          selector:
            matchLabels: {"{app: d}"}
          template:
            metadata:
              labels: {"{app: d}"}{(templateAnnotations.Length == 0 ? "" : "\n" + TestScan.Indent("annotations:\n" + TestScan.Indent(templateAnnotations, 2), 6))}
            spec:
        {TestScan.Indent(podSpecBody, 6)}
        """;

    /// <summary>A CronJob; the body's first line is line 11 of the file.</summary>
    public static string CronJob(string podSpecBody) => $"""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: c
        spec:
          schedule: "* * * * *"
          jobTemplate:
            spec:
              template:
                spec:
        {TestScan.Indent(podSpecBody, 10)}
        """;
}
