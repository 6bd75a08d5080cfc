using Stockade.Cluster;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary>
/// A live audit with ValidatingAdmissionPolicies: with <c>--bundle-policies</c> the cluster's own
/// policies and bindings (v1, or v1beta1 / v1alpha1 where the cluster serves only those) join those of <c>--policy</c> (a file's wins); discovery tells which
/// resources their <c>matchConstraints</c> match, and those are listed too; the params
/// (<c>paramKind</c>) and Namespaces they read are the cluster's, added to those of the files.
/// Whatever of this cannot be read is an error, never a policy silently not applied.
/// </summary>
internal sealed class LivePolicies
{
    public required VapPolicySet Set { get; init; }

    /// <summary>The kinds the audit lists: its fixed ones, and those the policies match.</summary>
    public required IReadOnlyList<AuditedKind> Kinds { get; init; }

    /// <summary>What could not be read for the policies (each an error).</summary>
    public required IReadOnlyList<UnreadableResource> Unreadable { get; init; }

    /// <exception cref="DiscoveryException">Discovery, or a paramKind the cluster does not serve.</exception>
    public static LivePolicies Read(ApiClient client, string? ns, ListLimits limits, ParseLimits parse, IReadOnlyList<string> policyFiles, bool bundle, List<ScanNote> notes,
        VapKubernetesVersion version)
    {
        var unreadable = new List<UnreadableResource>();
        var set = VapOption.Load(policyFiles, version);
        var discovery = new ApiDiscovery(client.GetAsync);
        if (bundle)
        {
            var found = VapPolicySet.From(Read(client, null, limits, parse, PolicyResources.PolicyObjects(discovery), unreadable), _ => null, version.Environment);
            foreach (var e in found.Errors) notes.Add(new ScanNote(e.File, e.Position.Line, e.Position.Column, $"not applied: {e.Message}"));
            set = VapPolicySet.Merge(set, found);
        }
        var matched = set.IsEmpty ? [] : PolicyResources.Matched(set, discovery);
        foreach (var r in matched) set.Resources.Add(r.Kind, new VapResource(r.Group, r.Version, r.Resource, r.Namespaced));
        // Params may live in any namespace a binding names: read without the --namespace filter.
        foreach (var o in Read(client, null, limits, parse, PolicyResources.Params(set, discovery), unreadable)) set.Params.Add(VapParam.From(o));
        foreach (var o in Read(client, ns, limits, parse, [AuditedKinds.Namespaces with { Required = true }], unreadable))
        {
            if (o.Name.IsSet) set.AddNamespace(o);
        }
        return new LivePolicies { Set = set, Kinds = PolicyResources.Audited(AuditedKinds.All, matched), Unreadable = unreadable };
    }

    private static IReadOnlyList<KubeObject> Read(ApiClient client, string? ns, ListLimits limits, ParseLimits parse, IReadOnlyList<AuditedKind> kinds, List<UnreadableResource> unreadable)
    {
        if (kinds.Count == 0) return [];
        var reader = new ClusterReader(client, ns, limits, kinds);
        var objects = KubeObjects.Read(reader.Inputs(), parse);
        unreadable.AddRange(reader.Unreadable);
        return objects;
    }
}
