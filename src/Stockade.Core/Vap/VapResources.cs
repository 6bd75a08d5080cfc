using Stockade.Kube;

namespace Stockade.Vap;

/// <summary>A resource as admission sees it: group, version, plural resource, and whether it is namespaced.</summary>
internal sealed record VapResource(string Group, string Version, string Resource, bool Namespaced);

/// <summary>
/// Kind → group/version/resource for the built-in kinds (what discovery tells the API server), plus
/// the CustomResourceDefinitions the host adds; and, for <c>matchPolicy: Equivalent</c>, the other
/// group/versions a built-in resource is served under.
/// </summary>
internal sealed class VapResources
{
    // kind, resource, namespaced (n) or cluster (c); keyed by apiVersion.
    private static readonly (string ApiVersion, string Kinds)[] BuiltIn =
    [
        ("v1", "Pod pods n,Service services n,ConfigMap configmaps n,Secret secrets n,ServiceAccount serviceaccounts n,Namespace namespaces c,Node nodes c,PersistentVolume persistentvolumes c,PersistentVolumeClaim persistentvolumeclaims n,ReplicationController replicationcontrollers n,PodTemplate podtemplates n,LimitRange limitranges n,ResourceQuota resourcequotas n,Endpoints endpoints n,Event events n,Binding bindings n"),
        ("apps/v1", "Deployment deployments n,StatefulSet statefulsets n,DaemonSet daemonsets n,ReplicaSet replicasets n,ControllerRevision controllerrevisions n"),
        ("batch/v1", "Job jobs n,CronJob cronjobs n"),
        ("autoscaling/v2", "HorizontalPodAutoscaler horizontalpodautoscalers n"),
        ("policy/v1", "PodDisruptionBudget poddisruptionbudgets n"),
        ("policy/v1beta1", "PodSecurityPolicy podsecuritypolicies c"),
        ("networking.k8s.io/v1", "Ingress ingresses n,IngressClass ingressclasses c,NetworkPolicy networkpolicies n"),
        ("rbac.authorization.k8s.io/v1", "Role roles n,RoleBinding rolebindings n,ClusterRole clusterroles c,ClusterRoleBinding clusterrolebindings c"),
        ("storage.k8s.io/v1", "StorageClass storageclasses c,CSIDriver csidrivers c,CSINode csinodes c,VolumeAttachment volumeattachments c"),
        ("scheduling.k8s.io/v1", "PriorityClass priorityclasses c"),
        ("node.k8s.io/v1", "RuntimeClass runtimeclasses c"),
        ("coordination.k8s.io/v1", "Lease leases n"),
        ("discovery.k8s.io/v1", "EndpointSlice endpointslices n"),
        ("certificates.k8s.io/v1", "CertificateSigningRequest certificatesigningrequests c"),
        ("apiextensions.k8s.io/v1", "CustomResourceDefinition customresourcedefinitions c"),
        ("apiregistration.k8s.io/v1", "APIService apiservices c"),
        ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration validatingwebhookconfigurations c,MutatingWebhookConfiguration mutatingwebhookconfigurations c,ValidatingAdmissionPolicy validatingadmissionpolicies c,ValidatingAdmissionPolicyBinding validatingadmissionpolicybindings c"),
        ("gateway.networking.k8s.io/v1", "Gateway gateways n,HTTPRoute httproutes n,GatewayClass gatewayclasses c"),
    ];

    // Group/versions under which the same resource is served (upstream's equivalent resource registry).
    private static readonly Dictionary<string, string[]> Equivalents = new(StringComparer.Ordinal)
    {
        ["apps/deployments"] = ["apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"],
        ["apps/daemonsets"] = ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
        ["apps/replicasets"] = ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
        ["apps/statefulsets"] = ["apps/v1", "apps/v1beta2", "apps/v1beta1"],
        ["networking.k8s.io/ingresses"] = ["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"],
        ["networking.k8s.io/networkpolicies"] = ["networking.k8s.io/v1", "extensions/v1beta1"],
        ["batch/cronjobs"] = ["batch/v1", "batch/v1beta1"],
        ["autoscaling/horizontalpodautoscalers"] = ["autoscaling/v2", "autoscaling/v1", "autoscaling/v2beta2", "autoscaling/v2beta1"],
        ["policy/poddisruptionbudgets"] = ["policy/v1", "policy/v1beta1"],
    };

    private readonly Dictionary<(string Group, string Kind), VapResource> _byKind = new();

    // The CRDs' served versions: (group, version, plural) → kind, and each one's CEL type.
    private readonly Dictionary<(string Group, string Version, string Resource), string> _crdKinds = new();
    private readonly Dictionary<(string ApiVersion, string Kind), Cel.Checking.CheckType> _crdTypes = new();

    public VapResources()
    {
        foreach (var (apiVersion, kinds) in BuiltIn)
        {
            var (group, version) = Split(apiVersion);
            foreach (var k in kinds.Split(','))
            {
                var p = k.Split(' ');
                _byKind[(group, p[0])] = new VapResource(group, version, p[1], p[2] == "n");
            }
        }
    }

    /// <summary>The built-in resources alone (the kinds the type checker has schemas for).</summary>
    internal static readonly VapResources BuiltInTable = new();

    /// <summary>The kinds served as a group/version/resource (a RESTMapper's KindsFor).</summary>
    internal IEnumerable<string> KindsFor(string group, string version, string resource) =>
        _crdKinds.TryGetValue((group, version, resource), out var crd) ? [crd]
            : _byKind.Where(e => e.Value.Group == group && e.Value.Version == version && e.Value.Resource == resource).Select(e => e.Key.Kind);

    /// <summary>A custom resource's CEL type at a served version of its CRD; null for any other kind.</summary>
    internal Cel.Checking.CheckType? CrdTypeOf(string apiVersion, string kind) => _crdTypes.GetValueOrDefault((apiVersion, kind));

    /// <summary>Whether the table holds CustomResourceDefinitions with served versions (whose kinds can be type-checked).</summary>
    internal bool HasCrdTypes => _crdTypes.Count > 0;

    /// <summary>The built-in table plus the CustomResourceDefinitions among <paramref name="objects"/>.</summary>
    public static VapResources With(IEnumerable<KubeObject> objects)
    {
        var r = new VapResources();
        foreach (var crd in objects.Where(o => o.Kind == "CustomResourceDefinition")) r.AddCrd(crd);
        return r;
    }

    private void AddCrd(KubeObject crd)
    {
        if (crd.Root["spec"] is not Yaml.YMapping spec || spec["names"] is not Yaml.YMapping names) return;
        var group = (spec["group"] as Yaml.YScalar)?.Text ?? "";
        var kind = (names["kind"] as Yaml.YScalar)?.Text;
        var plural = (names["plural"] as Yaml.YScalar)?.Text;
        if (kind == null || plural == null) return;
        var scope = (spec["scope"] as Yaml.YScalar)?.Text ?? "Namespaced";
        _byKind[(group, kind)] = new VapResource(group, "", plural, scope == "Namespaced");
        foreach (var (g, version, resource, k, type) in VapCrdTypes.Of(crd))
        {
            _crdKinds[(g, version, resource)] = k;
            _crdTypes[(g.Length == 0 ? version : $"{g}/{version}", k)] = type;
        }
    }

    /// <summary>Adds what discovery tells of a kind (a live audit: custom resources the bundle has no CRD for).</summary>
    internal void Add(string kind, VapResource resource) => _byKind[(resource.Group, kind)] = resource;

    /// <summary>
    /// The resource of an object. A kind neither built in nor defined by a CRD of the bundle is
    /// guessed as kubectl guesses (lower-case kind + "s", namespaced when the object names a
    /// namespace), so a policy on it still fires; <paramref name="guessed"/> says so.
    /// </summary>
    public VapResource Of(string apiVersion, string kind, bool hasNamespace, out bool guessed)
    {
        var (group, version) = Split(apiVersion);
        guessed = false;
        if (_byKind.TryGetValue((group, kind), out var r)) return r with { Version = version };
        // An older group of a moved kind (extensions/v1beta1 Deployment) has the same resource name.
        foreach (var ((_, k), known) in _byKind)
        {
            if (k == kind && EquivalentVersions(known).Contains(apiVersion)) return known with { Group = group, Version = version };
        }
        guessed = true;
        var lower = kind.ToLowerInvariant();
        var plural = lower.EndsWith('s') ? lower + "es" : lower.EndsWith('y') ? lower[..^1] + "ies" : lower + "s";
        return new VapResource(group, version, plural, hasNamespace);
    }

    /// <summary>The group/versions the same resource is served under (itself included).</summary>
    public static IReadOnlyList<string> EquivalentVersions(VapResource r)
    {
        var gv = r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}";
        foreach (var (key, list) in Equivalents)
        {
            if (key.EndsWith("/" + r.Resource, StringComparison.Ordinal) && (list.Contains(gv) || key == $"{r.Group}/{r.Resource}")) return list;
        }
        return [gv];
    }

    public static (string Group, string Version) Split(string apiVersion) =>
        apiVersion.IndexOf('/') is var i and >= 0 ? (apiVersion[..i], apiVersion[(i + 1)..]) : ("", apiVersion);
}
