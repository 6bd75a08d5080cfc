using Stockade.Kube;

namespace Stockade.Rules.Network;

/// <summary>Which objects the namespace-placement rules judge, and which the cluster itself puts there.</summary>
internal static class NamespacePlacement
{
    /// <summary>Kinds that are cluster-scoped: a metadata.namespace on them is ignored by the API server.</summary>
    private static readonly HashSet<string> ClusterScoped =
    [
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass", "CSIDriver", "CSINode",
        "VolumeAttachment", "PriorityClass", "RuntimeClass", "IngressClass", "CustomResourceDefinition", "APIService",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "PodSecurityPolicy",
        "CertificateSigningRequest", "ComponentStatus", "FlowSchema", "PriorityLevelConfiguration", "GatewayClass",
    ];

    /// <summary>True when <paramref name="obj"/> is namespaced and says it is in <paramref name="ns"/>.</summary>
    public static bool IsIn(KubeObject obj, string ns) => obj.Namespace.Is(ns) && !ClusterScoped.Contains(obj.Kind) && !obj.Kind.EndsWith("List", StringComparison.Ordinal);

    /// <summary>What the API server and controllers create in every namespace (and the <c>kubernetes</c> Service): found in any dump.</summary>
    public static bool IsCreatedByKubernetes(KubeObject obj, string ns) => (obj.Kind, obj.Name.IsSet ? obj.Name.Value : "") switch
    {
        ("ServiceAccount", "default") => true,
        ("ConfigMap", "kube-root-ca.crt") => true,
        ("Service" or "Endpoints" or "EndpointSlice", "kubernetes") => ns == "default",
        ("EndpointSlice", _) or ("Event", _) or ("Lease", _) => true,
        _ => false,
    };
}
