using Stockade.Engine;
using Stockade.Rules.Network;

namespace Stockade.Rules;

/// <summary>Network exposure: Services, Ingresses, NetworkPolicy isolation, namespace placement.</summary>
internal static class NetworkRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new ServiceNodeExposed(),
        new ServiceExternalIps(),
        new IngressTlsMissing(),
        new IngressNginxRiskyAnnotations(),
        new WorkloadIngressNotIsolated(),
        new DefaultNamespaceUsed(),
        new KubeSystemUserObject(),
    ];
}
