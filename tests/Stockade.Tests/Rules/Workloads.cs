namespace Stockade.Tests.Rules;

/// <summary>Pod templates of controllers, so rules are tested beyond bare Pods. The body starts on line 12 (Deployment) or 11 (CronJob).</summary>
public static class Workloads
{
    public static string Deployment(string podSpecBody) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          selector:
            matchLabels: {"{app: d}"}
          template:
            metadata:
              labels: {"{app: d}"}
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
