using System.Text;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Rules;
using Stockade.Rules.Node;

namespace Stockade.Node;

/// <summary>
/// <c>stockade node</c> without its host: the node rules on the node's files, and the existing
/// control-plane and kubelet rules on what the node runs — each component process's argv from
/// <c>/proc/PID/cmdline</c>, read as the static pod that would run it, and the kubelet's
/// configuration file — in one <see cref="ScanResult"/>, so the summary, formats and exit codes are scan's.
/// </summary>
public static class NodeScanner
{
    /// <summary>The programs whose flags the control-plane rules judge (<see cref="Rules.ControlPlane.ComponentFlags"/>).</summary>
    private static readonly HashSet<string> Components = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubelet", "kube-proxy"];

    // The synthesised pod puts argv[i] on line ArgvLine + i, so a finding's line leads back to its argv item.
    private const int ArgvLine = 10;

    /// <summary>The profile of the flag and configuration rules a node scan runs besides the node rules.</summary>
    public static Profile FlagProfile { get; } = new("node", "CIS 1.1 and 4.1 node files; control-plane and kubelet flags of the running programs",
        ControlPlaneRules.All.Concat(KubeletRules.All).Where(r => r.Metadata.EnabledByDefault));

    public static ScanResult Scan(INodeFileSystem fs, ScanOptions options)
    {
        var config = options.Config;
        var view = new NodeView(fs);
        var findings = new List<Finding>();
        var errors = new List<ScanError>();
        var notes = new List<ScanNote>();
        var files = new List<NodeFile>();
        var exemptions = config.Exemptions.Where(e => !e.IsExpired(options.Today)).ToList();
        var nodeRules = NodeRules.All.OfType<NodeRule>().Where(r => r.Metadata.EnabledByDefault && config.IsEnabled(r)).ToList();
        foreach (var rule in nodeRules)
        {
            var report = new NodeReport(rule, config.SeverityOf(rule));
            try
            {
                rule.Check(view, report);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder the rule lists (the PKI, the CNI files) that cannot be read: what it holds is not checked, so no pass.
                var path = e is NodeReadException n ? n.NodePath : "/";
                report.Errors.Add(new ScanError(path, 1, 1, $"cannot read {path}: {e.Message} ({rule.Id} could not check what it holds)"));
            }
            findings.AddRange(report.Findings.Select(f => exemptions.FirstOrDefault(e => e.Matches(f)) is { } x
                ? f with { Suppressed = true, SuppressionKind = SuppressionKind.Exempted, SuppressionReason = $"{x.Reason} ({x.Origin})" }
                : f));
            files.AddRange(report.Checked);
            errors.AddRange(report.Errors);
        }

        var processes = view.Processes.Where(p => Components.Contains(p.Program)).ToDictionary(p => p.CmdlinePath);
        var inputs = processes.Values.Select(p => new ScanInput(p.CmdlinePath, () => new MemoryStream(Encoding.UTF8.GetBytes(AsPod(p))))).ToList();
        foreach (var path in view.KubeletConfigPaths)
        {
            try
            {
                if (fs.ReadText(path) is { } text) inputs.Add(new ScanInput(path, () => new MemoryStream(Encoding.UTF8.GetBytes(text))));
                else if (view.Running("kubelet").Any(k => k.Flag("config") == path))
                    errors.Add(new ScanError(path, 1, 1, $"the kubelet runs with --config {path}, which is not under the node's root: mount it, or its checks are not made"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ScanError(path, 1, 1, $"cannot read {path}: {e.Message}"));
            }
        }
        if (view.UnreadableProcesses.Count > 0)
            errors.Add(new ScanError(view.UnreadableProcesses[0], 1, 1,
                $"cannot read the command line of {view.UnreadableProcesses.Count} process(es) (first: {view.UnreadableProcesses[0]}; /proc mounted with hidepid, or not run as root?): a control-plane component among them would go unchecked"));
        if (view.Running("kubelet").Any())
            notes.Add(new ScanNote(view.Running("kubelet").First().CmdlinePath, 1, 1, "of the kubelet's command-line flags only --hostname-override is judged yet (kubelet-hostname-override); the kubelet rules read its configuration file, which flags override"));

        var scanned = new Scanner(options with { Profile = FlagProfile, BundleFromInput = false }).Scan(inputs);
        var scannedFindings = scanned.Findings.Select(f => processes.TryGetValue(f.File, out var p) ? OnProcess(f, p) : f).ToList();
        var scannedObjects = scanned.Objects.Select(o => processes.TryGetValue(o.File, out var p) ? o with { Line = 1, Object = ProcessRef(p) } : o);

        var failing = findings.Where(f => Verdicts.Fails(f, options.FailOn)).Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        var fileObjects = files.DistinctBy(f => f.Path).Select(f => new ObjectResult(f.Path, 1, NodeReport.ObjectOf(f.Path), failing.Contains(f.Path) ? Verdict.Fail : Verdict.Pass)).ToList();
        if (fileObjects.Count == 0 && inputs.Count == 0)
            errors.Add(new ScanError("/", 1, 1, "found none of the node files or component processes the checks read (/etc/kubernetes, /var/lib/kubelet, /proc): is this a node, or is its root mounted and given with --root?"));

        return new ScanResult
        {
            Objects = [.. fileObjects, .. scannedObjects],
            Findings = [.. findings, .. scannedFindings],
            Errors = [.. errors, .. scanned.Errors],
            Notes = [.. notes, .. scanned.Notes],
            FailOn = options.FailOn,
            ProfileName = FlagProfile.Name,
            FileCount = fileObjects.Count + inputs.Count,
            Rules = [.. nodeRules.Select(r => r.Metadata with { Severity = config.SeverityOf(r) }), .. scanned.Rules],
        };
    }

    /// <summary>The static pod that runs the process as it runs: its argv as the container's command, one item a line.</summary>
    internal static string AsPod(NodeProcess p)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ").Append(Quote(p.Program))
            .Append("\n  namespace: kube-system\nspec:\n  containers:\n  - name: ").Append(Quote(p.Program))
            .Append("\n    command:\n");
        foreach (var arg in p.Argv) sb.Append("    - ").Append(Quote(arg)).Append('\n');
        return sb.ToString();
    }

    // A YAML double-quoted scalar: any argv byte string reads back as itself, control characters escaped.
    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < ' ' || c == '\u007f') sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static ObjectRef ProcessRef(NodeProcess p) => new("node", "Process", null, $"{p.Program} (pid {p.Pid})");

    // Back from the synthesised pod to the cmdline file: line 1, the column where the argv item starts.
    private static Finding OnProcess(Finding f, NodeProcess p)
    {
        var index = f.Line - ArgvLine;
        var inArgv = index >= 0 && index < p.Argv.Count;
        const string command = "spec.containers[0].command";
        return f with
        {
            Line = 1,
            Column = inArgv ? p.Columns[index] : 1,
            Path = f.Path.StartsWith(command, StringComparison.Ordinal) ? "argv" + f.Path[command.Length..] : "argv",
            Object = ProcessRef(p),
            Container = null,
        };
    }
}
