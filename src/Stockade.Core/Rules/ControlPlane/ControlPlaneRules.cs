using Stockade.Engine;
using Stockade.Rules.ControlPlane;

namespace Stockade.Rules;

/// <summary>Rules on the flags of kube-apiserver, kube-controller-manager, kube-scheduler and etcd static pods.</summary>
internal static class ControlPlaneRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new ApiServerAnonymousAuth(),
        new ApiServerTokenAuthFile(),
        new ApiServerKubeletTls(),
        new ApiServerAuthorizationMode(),
        new ApiServerAdmissionPlugins(),
        new ApiServerAuditLog(),
        new ApiServerAuditLogRetention(),
        new ApiServerServiceAccountTokens(),
        new ApiServerEtcdTls(),
        new ApiServerTls(),
        new ApiServerEncryptionProviderConfig(),
        new ControlPlaneProfiling(),
        new ControlPlaneAlphaFeatures(),
        new ControllerManagerServiceAccountCredentials(),
        new ControllerManagerServiceAccountKeys(),
        new ControllerManagerKubeletServerCertRotation(),
        new ControlPlaneBindAddress(),
        EtcdTls.Client(),
        EtcdTls.Peer(),
        new ApiServerEventRateLimit(),
        new ApiServerAlwaysPullImages(),
        new ApiServerDenyServiceExternalIps(),
        new ApiServerImagePolicyWebhook(),
        new ApiServerExtendTokenExpiration(),
        new ControlPlaneInsecureServing(),
        new ControlPlaneTls(),
        new ControllerManagerTerminatedPodGc(),
        new ApiServerRequestTimeout(),
        new KubeletHostnameOverride(),
        new KubeProxyMetricsBindAddress(),
        new EtcdCaShared(),
    ];
}
