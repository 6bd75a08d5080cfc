using Stockade.Engine;
using Stockade.Kube;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>
/// A rule on a node's disk (<c>stockade node</c>): file permissions and ownership that CIS
/// Kubernetes Benchmark v1.10 sections 1.1 and 4.1 ask for. Not run by <c>scan</c>: manifests
/// carry no file modes.
/// </summary>
internal abstract class NodeRule : Rule
{
    public abstract void Check(NodeView node, NodeReport report);
}

/// <summary>Where a node rule reports: findings on node paths, the files it checked, and the paths it could not read.</summary>
internal sealed class NodeReport(Rule rule, Severity severity)
{
    public List<Finding> Findings { get; } = [];
    public List<NodeFile> Checked { get; } = [];
    public List<ScanError> Errors { get; } = [];

    /// <summary>The object a finding on a node path names: kind <c>File</c>, name the path.</summary>
    public static ObjectRef ObjectOf(string path) => new("node", "File", null, path);

    /// <summary>A finding about the file itself, at its start; <paramref name="aspect"/> is <c>mode</c> or <c>owner</c>.</summary>
    public void Report(NodeFile file, string aspect, string message) => Findings.Add(new Finding
    {
        Rule = rule.Id,
        Severity = severity,
        Message = message,
        File = file.Path,
        Line = 1,
        Column = 1,
        Path = aspect,
        Object = ObjectOf(file.Path),
    });

    public void Error(string path, Exception e) => Errors.Add(new ScanError(path, 1, 1, $"cannot read {path}: {e.Message}"));
}
