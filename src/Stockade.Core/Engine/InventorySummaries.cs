using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>One rule of a Role or ClusterRole, with where it was written (path relative to the object).</summary>
internal sealed record PolicyRuleSummary(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls,
    SourcePosition Position,
    string Path);

/// <summary>
/// A Role's or ClusterRole's rules; a ClusterRole's <c>aggregationRule.clusterRoleSelectors</c>
/// (null without an aggregationRule); and false for <see cref="AutoUpdate"/> when the object
/// carries <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c>, the API server's opt-out
/// of bootstrap reconciliation.
/// </summary>
internal sealed record RoleSummary(IReadOnlyList<PolicyRuleSummary> Rules, IReadOnlyList<SelectorSummary>? Aggregation = null, bool AutoUpdate = true);

/// <summary>A subject of a binding. <see cref="Namespace"/> is the one it resolves to (a RoleBinding's own for a ServiceAccount without one).</summary>
internal sealed record SubjectSummary(string Kind, string Name, string? Namespace, SourcePosition Position, string Path)
{
    public override string ToString() => Kind == "ServiceAccount" ? $"ServiceAccount {Namespace}/{Name}" : $"{Kind} {Name}";
}

/// <summary>A RoleBinding's or ClusterRoleBinding's role reference and subjects; <see cref="AutoUpdate"/> as for <see cref="RoleSummary"/>.</summary>
internal sealed record BindingSummary(string RoleKind, string RoleName, SourcePosition RoleRefPosition, IReadOnlyList<SubjectSummary> Subjects, bool AutoUpdate = true);

/// <summary>A label selector (matchLabels and matchExpressions), matched as the API server matches it.</summary>
internal sealed record SelectorSummary(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<SelectorRequirement> Expressions)
{
    public bool IsEmpty => MatchLabels.Count == 0 && Expressions.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value) && Expressions.All(e => e.Matches(labels));
}

internal sealed record SelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
    {
        "In" => labels.TryGetValue(Key, out var v) && Values.Contains(v),
        "NotIn" => !labels.TryGetValue(Key, out var v) || !Values.Contains(v),
        "Exists" => labels.ContainsKey(Key),
        "DoesNotExist" => !labels.ContainsKey(Key),
        _ => false, // the API server rejects other operators; a broken selector selects nothing
    };
}

/// <summary>
/// A NetworkPolicy: its pod selector, the policy types it affects (defaulted as the API server
/// does) and how many rules it has of each.
/// </summary>
internal sealed record NetworkPolicySummary(SelectorSummary PodSelector, bool AffectsIngress, bool AffectsEgress, int IngressRules, int EgressRules, bool EgressAllowsEverywhere);

/// <summary>
/// A workload's pod template labels, and the workload controlling it (<c>ownerReferences</c> with
/// <c>controller: true</c>), if any; whether its pods use the host network (no NetworkPolicy or
/// container-CIDR rule reliably applies to them) and whether it is a static pod (<see cref="StaticPods"/>);
/// the ServiceAccount its pods run as (unset or empty: <c>default</c>) and the pod's
/// <c>automountServiceAccountToken</c> (null when unset).
/// </summary>
internal sealed record WorkloadSummary(IReadOnlyDictionary<string, string> PodLabels, string? ControllerKind = null, string? ControllerName = null)
{
    public bool HostNetwork { get; init; }
    public bool Static { get; init; }
    public string ServiceAccount { get; init; } = "default";
    public bool? AutomountToken { get; init; }
    /// <summary>True when the pod has a projected volume, which may carry a serviceAccountToken whatever automounting says.</summary>
    public bool ProjectedVolume { get; init; }
}

/// <summary>A ServiceAccount's <c>automountServiceAccountToken</c> (null when unset).</summary>
internal sealed record ServiceAccountSummary(bool? AutomountToken);

/// <summary>Builds the per-kind summaries kept in the inventory.</summary>
internal static class InventorySummaries
{
    public static object? Of(KubeObject obj, PodSubject? pod, ScanOrigin origin = ScanOrigin.Manifests)
    {
        if (pod != null)
        {
            var account = pod.Spec.ServiceAccountName;
            var automount = pod.Spec.AutomountServiceAccountToken;
            return Workload(obj, pod) with
            {
                HostNetwork = pod.Spec.HostNetwork.Is(true),
                Static = StaticPods.IsStatic(pod, origin),
                ServiceAccount = account is { IsSet: true, Value.Length: > 0 } ? account.Value : "default",
                AutomountToken = automount.IsSet ? automount.Value : null,
                ProjectedVolume = pod.Spec.Volumes.Any(v => v.SourceKeys.Any(k => k.Key == "projected")),
            };
        }
        var group = obj.Group;
        return obj.Kind switch
        {
            "Role" or "ClusterRole" when group == "rbac.authorization.k8s.io" => Role(obj),
            "RoleBinding" or "ClusterRoleBinding" when group == "rbac.authorization.k8s.io" => Binding(obj),
            "NetworkPolicy" when group == "networking.k8s.io" => NetworkPolicy(obj),
            "ServiceAccount" when obj.ApiVersion == "v1" => ServiceAccount(obj),
            _ => null,
        };
    }

    private static WorkloadSummary Workload(KubeObject obj, PodSubject pod)
    {
        var labels = pod.PodLabels.ToDictionary(l => l.Key, l => l.Value.Value, StringComparer.Ordinal);
        var ctx = Lenient(obj);
        var metadata = ctx.Mapping(obj.Root, "metadata", "");
        foreach (var (owner, path, _) in ctx.MappingItems(metadata, "ownerReferences", "metadata"))
        {
            if (ctx.Bool(owner, "controller", path).Is(true))
            {
                return new WorkloadSummary(labels, ctx.String(owner, "kind", path).Value, ctx.String(owner, "name", path).Value);
            }
        }
        return new WorkloadSummary(labels);
    }

    private static ServiceAccountSummary ServiceAccount(KubeObject obj)
    {
        var automount = Lenient(obj).Bool(obj.Root, "automountServiceAccountToken", "");
        return new ServiceAccountSummary(automount.IsSet ? automount.Value : null);
    }

    // Type errors here are not reported twice: the summary reads leniently with its own context.
    private static DecodeContext Lenient(KubeObject obj) => new(obj.Document.IsJson);

    private static RoleSummary Role(KubeObject obj)
    {
        var ctx = Lenient(obj);
        var rules = new List<PolicyRuleSummary>();
        foreach (var (item, path, _) in ctx.MappingItems(obj.Root, "rules", ""))
        {
            rules.Add(new PolicyRuleSummary(
                Values(ctx, item, "verbs", path), Values(ctx, item, "apiGroups", path), Values(ctx, item, "resources", path),
                Values(ctx, item, "resourceNames", path), Values(ctx, item, "nonResourceURLs", path), item.Position, path));
        }
        List<SelectorSummary>? aggregation = null;
        if (obj.Kind == "ClusterRole" && ctx.Mapping(obj.Root, "aggregationRule", "") is { } rule)
        {
            aggregation = [];
            foreach (var (item, path, _) in ctx.MappingItems(rule, "clusterRoleSelectors", "aggregationRule"))
            {
                aggregation.Add(Selector(ctx, item, path));
            }
        }
        return new RoleSummary(rules, aggregation, AutoUpdate(obj));
    }

    // The API server skips reconciliation only for the exact value "false" (reconciliation.computeReconciledRole).
    private static bool AutoUpdate(KubeObject obj) =>
        !(obj.Annotations.TryGetValue("rbac.authorization.kubernetes.io/autoupdate", out var v) && v.Value == "false");

    private static List<string> Values(DecodeContext ctx, YMapping owner, string key, string path) =>
        ctx.Strings(owner, key, path).Select(f => f.Value).ToList();

    private static BindingSummary Binding(KubeObject obj)
    {
        var ctx = Lenient(obj);
        var roleRef = ctx.Mapping(obj.Root, "roleRef", "");
        var kind = ctx.String(roleRef, "kind", "roleRef");
        var name = ctx.String(roleRef, "name", "roleRef");
        var subjects = new List<SubjectSummary>();
        foreach (var (item, path, _) in ctx.MappingItems(obj.Root, "subjects", ""))
        {
            var subjectKind = ctx.String(item, "kind", path).Value ?? "";
            var subjectName = ctx.String(item, "name", path).Value ?? "";
            var ns = ctx.String(item, "namespace", path);
            // The RBAC authorizer reads an empty ServiceAccount namespace of a RoleBinding as the binding's own.
            var resolved = ns.IsSet && ns.Value.Length > 0 ? ns.Value : subjectKind == "ServiceAccount" && obj.Kind == "RoleBinding" ? obj.Namespace.Value : null;
            subjects.Add(new SubjectSummary(subjectKind, subjectName, resolved, item.Position, path));
        }
        return new BindingSummary(kind.Value ?? "", name.Value ?? "", roleRef?.Position ?? obj.Position, subjects, AutoUpdate(obj));
    }

    private static NetworkPolicySummary NetworkPolicy(KubeObject obj)
    {
        var ctx = Lenient(obj);
        var spec = ctx.Mapping(obj.Root, "spec", "");
        var selector = Selector(ctx, ctx.Mapping(spec, "podSelector", "spec"), "spec.podSelector");
        var ingress = ctx.Sequence(spec, "ingress", "spec")?.Items.Count ?? 0;
        var egressItems = ctx.MappingItems(spec, "egress", "spec").ToList();
        var types = ctx.Strings(spec, "policyTypes", "spec").Select(t => t.Value).ToList();
        // Defaulting of networking/v1: no policyTypes means Ingress, plus Egress when egress rules are given.
        var affectsIngress = types.Count == 0 || types.Contains("Ingress");
        var affectsEgress = types.Count == 0 ? egressItems.Count > 0 : types.Contains("Egress");
        var allowsEverywhere = egressItems.Any(e => AllowsEverywhere(ctx, e.Item, e.Path));
        return new NetworkPolicySummary(selector, affectsIngress, affectsEgress, ingress, egressItems.Count, allowsEverywhere);
    }

    /// <summary>An egress rule with no destination restriction and no port restriction, or to 0.0.0.0/0 with no exception.</summary>
    private static bool AllowsEverywhere(DecodeContext ctx, YMapping rule, string path)
    {
        if (ctx.Sequence(rule, "ports", path) is { Items.Count: > 0 }) return false;
        var to = ctx.MappingItems(rule, "to", path).ToList();
        if (to.Count == 0) return true;
        return to.Any(peer =>
        {
            var block = ctx.Mapping(peer.Item, "ipBlock", peer.Path);
            return block != null && ctx.String(block, "cidr", peer.Path).Value is "0.0.0.0/0" or "::/0"
                   && ctx.Sequence(block, "except", peer.Path) is not { Items.Count: > 0 };
        });
    }

    public static SelectorSummary Selector(DecodeContext ctx, YMapping? selector, string path)
    {
        var labels = ctx.StringMap(selector, "matchLabels", path).ToDictionary(l => l.Key, l => l.Value.Value, StringComparer.Ordinal);
        var expressions = new List<SelectorRequirement>();
        foreach (var (item, itemPath, _) in ctx.MappingItems(selector, "matchExpressions", path))
        {
            expressions.Add(new SelectorRequirement(ctx.String(item, "key", itemPath).Value ?? "", ctx.String(item, "operator", itemPath).Value ?? "",
                ctx.Strings(item, "values", itemPath).Select(v => v.Value).ToList()));
        }
        return new SelectorSummary(labels, expressions);
    }
}
