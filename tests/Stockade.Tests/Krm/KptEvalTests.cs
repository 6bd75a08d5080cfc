using Stockade.Tests.Cli;
using Stockade.Tests.Generate;
using Stockade.Tests.Integrations;
using Xunit.Abstractions;

namespace Stockade.Tests.Krm;

/// <summary>
/// The real kpt runs <c>stockade krm</c> as an exec function (<c>kpt fn eval --exec</c>) on a
/// package folder: kpt writes the ResourceList, reads the results back and stops on the exit code.
/// </summary>
public class KptEvalTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private ShellRun Eval(params string[] config) =>
        Shell.Run("kpt", ["fn", "eval", _tree.PathOf("pkg"), "--exec", $"{Path.Combine(AppContext.BaseDirectory, "stockade")} krm",
            "--truncate-output=false", "--results-dir", _tree.PathOf("results"), "--", .. config],
            new Dictionary<string, string> { ["HOME"] = _tree.Root, ["PATH"] = Manifests.PathWithStockade() });

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: tools
          namespace: ops
        spec:
          hostPID: true # the debugging pod
          containers:
          - name: tools
            image: busybox
        """;

    [Fact]
    public void Kpt_reports_the_findings_with_their_object_and_file_fails_and_leaves_the_files_as_they_were()
    {
        if (!Shell.HasOptional("kpt", output)) return;
        var pod = _tree.Write("pkg/tools.yaml", Pod);
        var run = Eval("profile=baseline");
        Assert.True(run.ExitCode == 1, run.Output);
        Assert.Contains("[error] v1/Pod/ops/tools spec.hostPID: host namespaces (hostPID=true)", run.Output);
        var results = File.ReadAllText(_tree.PathOf("results/results.yaml"));
        Assert.Contains("path: tools.yaml", results);
        Assert.Contains("rule: pss-host-namespaces", results);
        Assert.Equal(Pod, File.ReadAllText(pod));
    }

    [Fact]
    public void Kpt_passes_a_package_with_nothing_at_or_above_failOn()
    {
        if (!Shell.HasOptional("kpt", output)) return;
        _tree.Write("pkg/tools.yaml", Pod);
        var run = Eval("profile=baseline", "failOn=none");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("[warning] v1/Pod/ops/tools spec.hostPID", run.Output);
    }
}
