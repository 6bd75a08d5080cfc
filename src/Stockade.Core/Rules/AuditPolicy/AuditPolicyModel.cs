using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules.AuditPolicy;

/// <summary>An audit level, in increasing detail.</summary>
internal enum AuditLevel
{
    None,
    Metadata,
    Request,
    RequestResponse,
}

/// <summary>One <c>resources</c> item of an audit rule: a group (empty: core) and its resources.</summary>
internal sealed record AuditGroupResources(string Group, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames);

/// <summary>One rule of an audit Policy, with where it was written.</summary>
internal sealed record AuditRule(
    AuditLevel Level,
    string LevelText,
    IReadOnlyList<string> Users,
    IReadOnlyList<string> UserGroups,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<AuditGroupResources> Resources,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> NonResourceUrls,
    SourcePosition Position,
    string Path)
{
    /// <summary>True when the rule applies to some users, groups or namespaces only.</summary>
    public bool IsNarrowed => Users.Count > 0 || UserGroups.Count > 0 || Namespaces.Count > 0;

    /// <summary>
    /// Whether the rule matches a resource request, as the API server's policy checker decides,
    /// for some request when <paramref name="anyone"/> (rules narrowed to users, namespaces or
    /// resourceNames then count), or for a request no narrowed rule names when not.
    /// </summary>
    public bool Matches(string verb, string group, string resource, string subresource, bool anyone)
    {
        if (!anyone && IsNarrowed) return false;
        if (Verbs.Count > 0 && !Verbs.Contains(verb)) return false;
        if (NonResourceUrls.Count > 0) return false;
        if (Resources.Count == 0) return true;
        var combined = subresource.Length > 0 ? $"{resource}/{subresource}" : resource;
        foreach (var gr in Resources.Where(gr => gr.Group == group))
        {
            if (gr.Resources.Count == 0) return true;
            // A rule naming resourceNames matches requests for those objects only: some requests, not every one.
            if (gr.ResourceNames.Count > 0 && !anyone) continue;
            foreach (var res in gr.Resources)
            {
                if (res == combined || res == "*") return true;
                if (subresource.Length > 0 && res.StartsWith("*/", StringComparison.Ordinal) && res[2..] == subresource) return true;
                if (res.EndsWith("/*", StringComparison.Ordinal) && res[..^2] == resource) return true;
            }
        }
        return false;
    }
}

/// <summary>An audit.k8s.io/v1 Policy's rules, in order: the first rule that matches a request sets its level.</summary>
internal sealed class AuditPolicyModel
{
    public static bool IsPolicy(KubeObject obj) => obj is { Kind: "Policy", ApiVersion: "audit.k8s.io/v1" };

    /// <summary>The page every audit-policy rule refers to.</summary>
    public static readonly Reference PolicyDocs = new("Kubernetes docs", "Auditing: audit policy", "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy");

    /// <summary>The references of the rules on what the policy must cover.</summary>
    public static readonly IReadOnlyList<Reference> CoverageReferences =
    [
        new("CIS", "3.2.2 Ensure that the audit policy covers key security concerns"),
        PolicyDocs,
    ];

    public required IReadOnlyList<AuditRule> Rules { get; init; }

    public static AuditPolicyModel Read(KubeObject obj)
    {
        var ctx = new DecodeContext(obj.Document.IsJson);
        var rules = new List<AuditRule>();
        foreach (var (item, path, _) in ctx.MappingItems(obj.Root, "rules", obj.PathPrefix))
        {
            var levelText = ctx.String(item, "level", path).Value ?? "";
            var level = Enum.TryParse<AuditLevel>(levelText, ignoreCase: false, out var l) && Enum.IsDefined(l) ? l : AuditLevel.None;
            var resources = ctx.MappingItems(item, "resources", path)
                .Select(r => new AuditGroupResources(ctx.String(r.Item, "group", r.Path).Value ?? "", Strings(ctx, r.Item, "resources", r.Path), Strings(ctx, r.Item, "resourceNames", r.Path)))
                .ToList();
            rules.Add(new AuditRule(level, levelText, Strings(ctx, item, "users", path), Strings(ctx, item, "userGroups", path), Strings(ctx, item, "verbs", path),
                resources, Strings(ctx, item, "namespaces", path), Strings(ctx, item, "nonResourceURLs", path), item.Position, path));
        }
        return new AuditPolicyModel { Rules = rules };
    }

    private static List<string> Strings(DecodeContext ctx, YMapping owner, string key, string path) => ctx.Strings(owner, key, path).Select(f => f.Value).ToList();

    /// <summary>The first rule matching a request of an ordinary user in an ordinary namespace, or null (level None).</summary>
    public AuditRule? FirstMatch(string verb, string group, string resource, string subresource = "") =>
        Rules.FirstOrDefault(r => r.Matches(verb, group, resource, subresource, anyone: false));

    /// <summary>The level of such a request.</summary>
    public AuditLevel LevelOf(string verb, string group, string resource, string subresource = "") =>
        FirstMatch(verb, group, resource, subresource)?.Level ?? AuditLevel.None;

    public static readonly string[] Verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
}
