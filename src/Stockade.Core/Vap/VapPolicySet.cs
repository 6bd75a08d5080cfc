using Stockade.Cel;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>
/// The loaded policies and bindings with what they read: params, Namespaces (for
/// <c>namespaceObject</c> and namespace selectors) and the resource table (built-in kinds plus CRDs).
/// </summary>
internal sealed class VapPolicySet
{
    public List<VapPolicy> Policies { get; } = new();
    public List<VapBinding> Bindings { get; } = new();
    public List<VapLoadError> Errors { get; } = new();
    public List<VapParam> Params { get; } = new();

    /// <summary>Namespaces by name: their labels and their CEL value.</summary>
    public Dictionary<string, (IReadOnlyDictionary<string, string> Labels, object Value)> Namespaces { get; } = new(StringComparer.Ordinal);

    public VapResources Resources { get; private set; } = new();

    /// <summary>Uses another set's resource table (a merged set keeps the table of the files it came from).</summary>
    public void UseResources(VapResources resources) => Resources = resources;

    public bool IsEmpty => Policies.Count == 0 && Bindings.Count == 0;

    /// <summary>The bindings of a policy, in the order they were read.</summary>
    public IEnumerable<VapBinding> BindingsOf(VapPolicy policy) => Bindings.Where(b => b.PolicyName == policy.Name);

    /// <summary>
    /// Reads policies and bindings among <paramref name="objects"/>; every other object may be a
    /// param, a Namespace or a CRD. <paramref name="lines"/> gives a file's text by line, so a CEL
    /// error points inside its expression.
    /// </summary>
    public static VapPolicySet From(IReadOnlyList<KubeObject> objects, Func<string, IReadOnlyList<string>?> lines) =>
        From(objects, lines, CelEnvironment.Newest);

    /// <summary>As <see cref="From(IReadOnlyList{KubeObject}, Func{string, IReadOnlyList{string}?})"/>, the expressions compiled in <paramref name="env"/>.</summary>
    internal static VapPolicySet From(IReadOnlyList<KubeObject> objects, Func<string, IReadOnlyList<string>?> lines, CelEnvironment env)
    {
        var set = new VapPolicySet();
        foreach (var o in objects)
        {
            if (VapReader.IsPolicy(o))
            {
                if (VapReader.ReadPolicy(o, lines(o.File), set.Errors, env) is { } p) set.Policies.Add(p);
            }
            else if (VapReader.IsBinding(o))
            {
                if (VapReader.ReadBinding(o, lines(o.File), set.Errors) is { } b) set.Bindings.Add(b);
            }
            else if (VapReader.IsVapKind(o))
            {
                set.Errors.Add(new VapLoadError(o.File, o.Position, $"{o.Kind} of apiVersion \"{o.ApiVersion}\" is not supported (admissionregistration.k8s.io/v1, v1beta1 or v1alpha1)"));
            }
            else
            {
                if (o.Kind == "Namespace" && o.Group.Length == 0 && o.Name.IsSet) set.AddNamespace(o);
                set.Params.Add(VapParam.From(o));
            }
        }
        foreach (var g in set.Policies.GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            foreach (var later in g.Skip(1)) set.Errors.Add(new VapLoadError(later.File, later.Position, $"ValidatingAdmissionPolicy \"{later.Name}\" is defined more than once (first at {g.First().Location})"));
        }
        foreach (var b in set.Bindings.Where(b => set.Policies.All(p => p.Name != b.PolicyName)))
        {
            set.Errors.Add(new VapLoadError(b.File, b.Position, $"ValidatingAdmissionPolicyBinding \"{b.Name}\" binds policy \"{b.PolicyName}\", which is not among the policies given"));
        }
        set.Resources = VapResources.With(objects);
        if (set.Resources.HasCrdTypes)
        {
            // Type-checked again now that the CRDs read with them are known: their kinds have schemas too.
            for (var i = 0; i < set.Policies.Count; i++)
            {
                var p = set.Policies[i];
                var fileLines = lines(p.File);
                set.Policies[i] = p with { TypeWarnings = VapTypeChecker.Check(p, (e, line, column) => VapExpressionPositions.Map(fileLines, e.Position, line, column), resources: set.Resources) };
            }
        }
        return set;
    }

    /// <summary>Adds a Namespace known from elsewhere (the webhook's namespace cache, a live audit).</summary>
    public void AddNamespace(KubeObject ns)
    {
        var labels = ns.Labels.ToDictionary(l => l.Key, l => l.Value.Value ?? "");
        var json = TreeJson.From(ns.Root)!.AsObject();
        // The API server labels every Namespace with its name; a Namespace in a file lacks it.
        if (json["metadata"] is System.Text.Json.Nodes.JsonObject meta)
        {
            if (meta["labels"] is not System.Text.Json.Nodes.JsonObject l) meta["labels"] = l = new System.Text.Json.Nodes.JsonObject();
            l[VapMatcher.NamespaceNameLabel] = ns.Name.Value;
        }
        labels[VapMatcher.NamespaceNameLabel] = ns.Name.Value!;
        Namespaces[ns.Name.Value!] = (labels, Stockade.Cel.Values.CelJson.FromNode(json));
    }

    /// <summary>Evaluates every policy under each of its bindings.</summary>
    public VapDecision Evaluate(VapRequest request)
    {
        var decision = new VapDecision();
        var store = new VapParamStore(Params);
        foreach (var p in Policies)
        {
            foreach (var b in BindingsOf(p)) VapEvaluator.Evaluate(p, b, request, store, decision);
        }
        return decision;
    }
    /// <summary>The given set with the found policies, bindings, params and Namespaces of the same name left out where the given set has them.</summary>
    public static VapPolicySet Merge(VapPolicySet given, VapPolicySet found)
    {
        var merged = new VapPolicySet();
        var names = given.Policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        merged.Policies.AddRange(given.Policies.Concat(found.Policies.Where(p => !names.Contains(p.Name))));
        var bindings = given.Bindings.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        merged.Bindings.AddRange(given.Bindings.Concat(found.Bindings.Where(b => !bindings.Contains(b.Name))));
        merged.Params.AddRange(given.Params.Concat(found.Params));
        foreach (var (k, v) in found.Namespaces) merged.Namespaces[k] = v;
        foreach (var (k, v) in given.Namespaces) merged.Namespaces[k] = v;
        merged.UseResources(given.Resources);
        return merged;
    }

    /// <summary>
    /// The policies, bindings and params a host read from the cluster as JSON (<see cref="VapClusterObjects"/>),
    /// compiled in <paramref name="env"/>; their file is <c>cluster</c>, each at its <c>items[N]</c>.
    /// </summary>
    internal static VapPolicySet FromCluster(VapClusterObjects cluster, CelEnvironment env)
    {
        var list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + string.Join(",", cluster.Objects) + "]}";
        var input = new Engine.ScanInput("cluster", () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(list)));
        return From(KubeObjects.Read([input], ParseLimits.Default), _ => null, env);
    }
}
