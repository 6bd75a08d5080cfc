using Stockade.Vap;

namespace Stockade.Webhook;

/// <summary>
/// <c>clusterPolicies: true</c>: the policies <c>/validate/policies</c> enforces are the
/// configuration's files merged with the cluster's own ValidatingAdmissionPolicies, bindings and
/// params (a file's policy or binding of the same name wins), compiled for the configuration's
/// <c>kubernetesVersion</c> once per change of either, not per request.
/// </summary>
internal sealed class ClusterPolicySets(Func<VapClusterObjects?> read)
{
    private sealed record Compiled(WebhookConfig Config, long Version, VapPolicySet Set, IReadOnlyList<VapLoadError> NotApplied);

    private volatile Compiled? _last;

    /// <summary>The merged set; null while the cluster's policies have not been read yet.</summary>
    public VapPolicySet? For(WebhookConfig config)
    {
        if (read() is not { } objects) return null;
        if (_last is { } last && ReferenceEquals(last.Config, config) && last.Version == objects.Version) return last.Set;
        var found = VapPolicySet.FromCluster(objects, config.KubernetesVersion.Environment);
        var compiled = new Compiled(config, objects.Version, VapPolicySet.Merge(config.VapPolicies, found), found.Errors);
        _last = compiled;
        return compiled.Set;
    }

    /// <summary>
    /// The cluster's policies and bindings that could not be read or compiled (for an older
    /// <c>kubernetesVersion</c> than the cluster's, say): while any, the route answers by the failure policy, and readiness and metrics name them.
    /// </summary>
    public IReadOnlyList<VapLoadError> NotApplied => _last?.NotApplied ?? [];
}
