using Stockade.Engine;
using Stockade.Node;
using Stockade.Reporting;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary><c>stockade node</c>: the node checks (CIS 1.1 and 4.1 files, running components' flags) on this node's disk.</summary>
internal static class NodeCommand
{
    internal static readonly CommandSpec Spec = new(
        "node",
        "check this node's files and running components (CIS 1.1, 4.1)",
        "stockade node [options]",
        """
        Checks the node it runs on (or, in a pod, the node's root mounted read-only, as
        `stockade generate node-job` does): permissions and ownership of /etc/kubernetes/manifests,
        the kubeconfig files, the PKI, the etcd data directory, CNI files, the kubelet's service,
        configuration and client CA files (CIS Kubernetes Benchmark v1.10, 1.1 and 4.1), and the
        flags of the running kube-apiserver, kube-controller-manager, kube-scheduler and etcd
        (/proc/PID/cmdline) and the kubelet's configuration file with the control-plane and kubelet rules.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Value("--root", "DIR", "the node's root (default /); e.g. /host in a pod") with { Docs = "the node's root (default `/`). Node paths (`/etc/kubernetes/…`) are read below it; a symlink is followed inside it (an absolute target is the node's path)." },
                CliOption.Value("--proc", "DIR", "the node's /proc (default ROOT/proc); /proc in a pod with hostPID") with { Docs = "the node's `/proc` (default `ROOT/proc`). A pod with `hostPID: true` sees the node's processes in its own `/proc`." },
                CommonOptions.Format,
                CommonOptions.ReportOutput,
                CommonOptions.FailOn,
                CommonOptions.Config,
                CommonOptions.NoConfig,
                CommonOptions.Date,
                CommonOptions.Color,
                CommonOptions.Verbose,
            ]),
        ],
        """
        Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
                    2 usage error, a file that could not be read, or no node files found under the root.
        """)
    {
        Synopsis = "stockade node [--root DIR]",
    };

    private static readonly HashSet<string> FlagOptions = ["--no-config", "--verbose", "--help"];

    public static int Run(string[] args, Stream stdout, bool stdoutIsTerminal)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"node takes no paths (got \"{a.Positionals[0]}\"); give the node's root with --root");
        var root = a.Value("--root") ?? "/";
        if (!Directory.Exists(root)) throw new UsageException($"--root {root}: no such directory");
        var proc = a.Value("--proc");
        if (proc != null && !Directory.Exists(proc)) throw new UsageException($"--proc {proc}: no such directory");
        var config = ScanCommand.LoadConfig(a, null);
        var reporter = ScanCommand.Reporter(a.Value("--format"));
        var options = new ScanOptions
        {
            Profile = NodeScanner.FlagProfile,
            Config = config,
            FailOn = ScanCommand.FailOn(a.Value("--fail-on"), config),
            Today = ScanCommand.Date(a.Value("--date")),
            MaxParallelism = 1,
        };
        var outputPath = a.Value("--output");
        var reportOptions = new ReportOptions
        {
            Color = ScanCommand.UseColor(a.Value("--color"), outputPath == null && stdoutIsTerminal),
            Verbose = a.Flag("--verbose"),
            BaseDirectory = "/",
        };
        var result = NodeScanner.Scan(new DiskNodeFileSystem(root, proc), options);
        return OutputTarget.Write(outputPath, stdout, output =>
        {
            reporter.Write(result, output, reportOptions);
            return ExitCodes.Of(result.Outcome);
        });
    }
}
