using System.Text;
using Stockade.Tests.Cli;
using Stockade.Tests.Reporting;

namespace Stockade.Tests.Scanning;

/// <summary>
/// The report does not depend on how many workers checked the documents: <c>--jobs 2</c> writes
/// the bytes <c>--jobs 1</c> writes, for the text and JSON formats, over the repository's
/// examples and over a generated corpus whose documents cost very different amounts to check
/// (so the workers finish them out of order), with broken documents, a JSON List, and the
/// ServiceAccounts the bundle rules wait for.
/// </summary>
public class ParallelOutputTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "text", "" },
        { "json", "" },
        { "text", "namespace" },
        { "json", "namespace" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Examples_report_the_same_bytes_on_one_worker_and_two(string format, string profile)
    {
        await AssertSameOnOneAndTwo(Path.Combine(RepoPaths.Root, "examples"), format, profile);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_generated_corpus_reports_the_same_bytes_on_one_worker_and_two(string format, string profile)
    {
        using var tree = new TempTree();
        for (var f = 0; f < 8; f++) tree.Write($"chart-{f}/all.yaml", string.Join("\n---\n", Enumerable.Range(0, 40).Select(i => Document(f, i))));
        tree.Write("dump/list.json", JsonList(30));
        await AssertSameOnOneAndTwo(tree.Root, format, profile);
    }

    private static async Task AssertSameOnOneAndTwo(string path, string format, string profile)
    {
        string[] Args(string jobs) => ["scan", "--no-config", "--fail-on", "low", "--date", "2026-12-01", "--format", format, "--jobs", jobs,
            .. profile.Length > 0 ? new[] { "--profile", profile } : [], path];
        var one = await CliHarness.Run(Args("1"));
        Assert.NotEmpty(one.Stdout);
        for (var round = 0; round < 3; round++)
        {
            var two = await CliHarness.Run(Args("2"));
            Assert.Equal(one.ExitCode, two.ExitCode);
            Assert.Equal(one.Stderr, two.Stderr);
            Assert.Equal(one.Stdout, two.Stdout);
        }
    }

    // Cheap and costly documents in turn, a broken one now and then, and ServiceAccounts after the pods that use them.
    private static string Document(int file, int i) => (i % 9) switch
    {
        0 => ReportFixtures.PrivilegedPod($"p{file}-{i}"),
        4 => "a: [1, 2\nb: 3\n",
        5 => $"apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: app, namespace: ns{file}}}\nautomountServiceAccountToken: {(i % 2 == 0 ? "false" : "true")}\n",
        6 => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}, namespace: ns{file}}}\ndata: {{k: v}}\n",
        _ => Workload(file, i),
    };

    private static string Workload(int file, int i)
    {
        var containers = new StringBuilder();
        for (var c = 0; c <= i % 4; c++)
        {
            containers.Append($"""
                      - name: c{c}
                        image: "registry.example/app{c}:{(c % 2 == 0 ? "latest" : "1.2")}"
                        securityContext: {"{"}privileged: {(c == 1 ? "true" : "false")}, runAsUser: {c}{"}"}
                        env: [{"{"}name: PASSWORD, value: hunter{c}{"}"}]

                """);
        }
        return $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d{file}-{i}
              namespace: ns{file}
            spec:
              selector: {"{"}matchLabels: {"{"}app: d{i}{"}"}{"}"}
              template:
                metadata: {"{"}labels: {"{"}app: d{i}{"}"}{"}"}
                spec:
                  serviceAccountName: app
                  hostNetwork: {(i % 3 == 0 ? "true" : "false")}
                  containers:
            {containers}
            """;
    }

    private static string JsonList(int items)
    {
        var pods = Enumerable.Range(0, items).Select(i =>
            $$$"""{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j{{{i}}}", "namespace": "dump"}, "spec": {"containers": [{"name": "c", "image": "nginx", "securityContext": {"privileged": {{{(i % 2 == 0 ? "true" : "false")}}}}}]}}""");
        return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n" + string.Join(",\n", pods) + "\n]}\n";
    }
}
