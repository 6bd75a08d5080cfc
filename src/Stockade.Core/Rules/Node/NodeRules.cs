using Stockade.Engine;
using Stockade.Rules.Node;

namespace Stockade.Rules;

/// <summary>Rules on a node's files, run by <c>stockade node</c> (not by <c>scan</c>).</summary>
internal static class NodeRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new NodeManifestFiles(),
        new NodeCniFiles(),
        new NodeEtcdDataDirectory(),
        new NodeKubeconfigFiles(),
        new NodePkiFiles(),
        new NodeKubeletServiceFile(),
        new NodeKubeletClientCa(),
        new NodeKubeletConfigFile(),
    ];
}
