namespace Stockade.Tests.Rules;

/// <summary>Pod templates of controllers, so rules are tested beyond bare Pods. The body starts on line 12 (Deployment) or 11 (CronJob).</summary>
public static class Workloads
{
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
