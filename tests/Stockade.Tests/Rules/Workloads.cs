namespace Stockade.Tests.Rules;

/// <summary>Pod templates of controllers, so rules are tested beyond bare Pods; tests mark the lines they expect (<see cref="TestScan.Marker"/>).</summary>
public static class Workloads
{
    /// <summary>A Deployment of <paramref name="podSpecBody"/>, with optional template annotations.</summary>
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

    /// <summary>A Pod of one container "app" whose securityContext.capabilities mapping is <paramref name="capabilities"/>.</summary>
    public static string PodWithCapabilities(string capabilities) => TestScan.Pod($"""
        containers:
        - name: app
          image: nginx
          securityContext:
            capabilities:
        {TestScan.Indent(capabilities, 6)}
        """);
}
