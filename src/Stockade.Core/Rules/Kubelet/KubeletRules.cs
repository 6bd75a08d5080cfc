using Stockade.Engine;
using Stockade.Rules.Kubelet;

namespace Stockade.Rules;

/// <summary>Rules on kubelet configuration files.</summary>
internal static class KubeletRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new KubeletAnonymousAuth(),
        new KubeletAuthorizationMode(),
        new KubeletReadOnlyPort(),
        new KubeletClientCa(),
        new KubeletCertificateRotation(),
        new KubeletProtectKernelDefaults(),
        new KubeletSeccompDefault(),
        new KubeletPodPidsLimit(),
        new KubeletTlsCipherSuites(),
        new KubeletStreamingConnectionIdleTimeout(),
        new KubeletMakeIptablesUtilChains(),
        new KubeletEventRecordQps(),
    ];
}
