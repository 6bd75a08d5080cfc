using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>
/// A <see cref="PermissionRule"/> about some verbs on a fixed list of resources: a policy rule is
/// reported when it allows any of the verbs on any of the resources, for every object of them
/// (a rule narrowed by resourceNames is not counted; see <see cref="Rbac.AllowedVerbs"/>).
/// </summary>
internal abstract class ResourcePermissionRule : PermissionRule
{
    /// <summary>The resources, each with its API group ("" for the core group).</summary>
    protected abstract IReadOnlyList<(string Group, string Resource)> Resources { get; }

    protected abstract string[] Verbs { get; }

    // "allows create on pods, deployments.apps; patch on jobs.batch": resources grouped by the verbs allowed on them.
    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        var found = Resources.Select(r => (Name: r.Group.Length == 0 ? r.Resource : $"{r.Resource}.{r.Group}", Verbs: Rbac.AllowedVerbs(rule, r.Group, r.Resource, Verbs)))
            .Where(x => x.Verbs.Count > 0)
            .GroupBy(x => Rbac.Verbs(x.Verbs))
            .Select(g => $"{g.Key} on {string.Join(", ", g.Select(x => x.Name))}")
            .ToList();
        return found.Count == 0 ? null : "allows " + string.Join("; ", found);
    }
}
