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
internal static class NodeScanner
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
        var commands = processes.Values.ToDictionary(p => p.CmdlinePath, p => new Command(KubeletCommandLine.Of(p), ProcessRef(p)));
        // A kubelet that does not run is judged on the command its unit would start, as a running one on its argv.
        foreach (var started in view.Kubelets.Where(k => !k.Running))
        {
            var name = started.Source + "#command";
            commands[name] = new Command(started, new ObjectRef("node", "Process", null, "kubelet (not running: its systemd unit's command)"));
            var pod = AsPod(new NodeProcess(0, started.Argv.Select(a => a.Text).ToList(), []));
            inputs.Add(new ScanInput(name, () => new MemoryStream(Encoding.UTF8.GetBytes(pod))));
        }
        var kubeletConfigs = KubeletInputs(fs, view, inputs, errors);
        if (view.UnreadableProcesses.Count > 0)
            errors.Add(new ScanError(view.UnreadableProcesses[0], 1, 1,
                $"cannot read the command line of {view.UnreadableProcesses.Count} process(es) (first: {view.UnreadableProcesses[0]}; /proc mounted with hidepid, or not run as root?): a control-plane component among them would go unchecked"));
        if (view.Kubelets is [{ Running: false } unit])
            notes.Add(new ScanNote(unit.Source, 1, 1, "no kubelet runs: its flags are judged as systemd's kubelet.service would start it"));

        var scanned = new Scanner(options with { Profile = FlagProfile, BundleFromInput = false }).Scan(inputs);
        var scannedFindings = scanned.Findings.Select(f => commands.TryGetValue(f.File, out var c) ? OnCommand(f, c)
            : kubeletConfigs.TryGetValue(f.File, out var k) ? OnKubelet(f, k.Config) : f).ToList();
        var scannedObjects = scanned.Objects.Select(o => commands.TryGetValue(o.File, out var c) ? o with { File = c.Line.Source, Line = 1, Object = c.Object }
            : kubeletConfigs.TryGetValue(o.File, out var k) ? o with { File = k.File, Line = 1 } : o);
        var scannedErrors = scanned.Errors.Select(e => kubeletConfigs.TryGetValue(e.File, out var k) ? e with { File = k.File, Line = 1, Column = 1 } : e);

        var failing = findings.Where(f => Verdicts.Fails(f, options.FailOn)).Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        var fileObjects = files.DistinctBy(f => f.Path).Select(f => new ObjectResult(f.Path, 1, NodeReport.ObjectOf(f.Path), failing.Contains(f.Path) ? Verdict.Fail : Verdict.Pass)).ToList();
        if (fileObjects.Count == 0 && inputs.Count == 0)
            errors.Add(new ScanError("/", 1, 1, "found none of the node files or component processes the checks read (/etc/kubernetes, /var/lib/kubelet, /proc): is this a node, or is its root mounted and given with --root?"));

        return new ScanResult
        {
            Objects = [.. fileObjects, .. scannedObjects],
            Findings = [.. findings, .. scannedFindings],
            Errors = [.. errors, .. scannedErrors],
            Notes = [.. notes, .. scanned.Notes],
            FailOn = options.FailOn,
            ProfileName = FlagProfile.Name,
            FileCount = fileObjects.Count + inputs.Count,
            Rules = [.. nodeRules.Select(r => r.Metadata with { Severity = config.SeverityOf(r) }), .. scanned.Rules],
        };
    }

    /// <summary>
    /// Adds each kubelet's configuration to the inputs: its <c>--config</c> file with its flags laid over it
    /// (<see cref="KubeletEffectiveConfig"/>), keyed by the input's name; a file that is not one mapping as written.
    /// No kubelet found (none runs, no unit): kubeadm's file, if there is one, on its own.
    /// </summary>
    private static Dictionary<string, (string File, KubeletEffectiveConfig Config)> KubeletInputs(INodeFileSystem fs, NodeView view, List<ScanInput> inputs, List<ScanError> errors)
    {
        var merged = new Dictionary<string, (string, KubeletEffectiveConfig)>(StringComparer.Ordinal);
        if (view.KubeletUnitError is { } unitError)
            errors.Add(new ScanError(unitError.NodePath, 1, 1, $"cannot read {unitError.NodePath}: {unitError.Message} (the kubelet's flags from its systemd unit are not judged)"));
        var asWritten = new HashSet<string>(StringComparer.Ordinal);
        void AsWritten(string path, string text)
        {
            if (asWritten.Add(path)) inputs.Add(new ScanInput(path, () => new MemoryStream(Encoding.UTF8.GetBytes(text))));
        }
        if (view.Kubelets.Count == 0)
        {
            foreach (var path in view.KubeletConfigPaths)
                if (ReadConfig(fs, path, errors) is { } text) AsWritten(path, text);
            return merged;
        }
        foreach (var kubelet in view.Kubelets)
        {
            var path = kubelet.Flag("config");
            string? text = null;
            if (path != null)
            {
                var reported = errors.Count;
                text = ReadConfig(fs, path, errors);
                if (text == null)
                {
                    if (errors.Count == reported) errors.Add(new ScanError(path, 1, 1, $"the kubelet ({kubelet.Source}) runs with --config {path}, which is not under the node's root: mount it, or its checks are not made"));
                    continue;
                }
            }
            var config = KubeletEffectiveConfig.Build(kubelet, path, text, errors);
            if (config == null)
            {
                AsWritten(path!, text!);
                continue;
            }
            var name = $"{kubelet.Source}#kubelet-configuration";
            merged[name] = (path ?? kubelet.Source, config);
            inputs.Add(new ScanInput(name, () => new MemoryStream(Encoding.UTF8.GetBytes(config.Text))));
        }
        return merged;
    }

    // The file's text; null when it does not exist; an unreadable one reported (and null).
    private static string? ReadConfig(INodeFileSystem fs, string path, List<ScanError> errors)
    {
        try
        {
            return fs.ReadText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ScanError(path, 1, 1, $"cannot read {path}: {e.Message}"));
            return null;
        }
    }

    // Back from the merged configuration to the place its value came from: the config file's line, or the flag.
    private static Finding OnKubelet(Finding f, KubeletEffectiveConfig config)
    {
        var spot = config.SpotOf(f.Line);
        return f with { File = spot.File, Line = spot.Line, Column = spot.Column };
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
    internal static string Quote(string s)
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

    // A program's command line and the object its findings are reported on.
    private sealed record Command(KubeletCommandLine Line, ObjectRef Object);

    // Back from the synthesised pod to where the argv item was written: the cmdline file's line 1 at the item's column, or the unit's line.
    private static Finding OnCommand(Finding f, Command c)
    {
        var index = f.Line - ArgvLine;
        var spot = index >= 0 && index < c.Line.Argv.Count ? c.Line.Argv[index].Spot : new NodeSpot(c.Line.Source, 1, 1);
        const string command = "spec.containers[0].command";
        return f with
        {
            File = spot.File,
            Line = spot.Line,
            Column = spot.Column,
            Path = f.Path.StartsWith(command, StringComparison.Ordinal) ? "argv" + f.Path[command.Length..] : "argv",
            Object = c.Object,
            Container = null,
        };
    }
}
