using Stockade.Engine;

namespace Stockade.Rules;

/// <summary>Every built-in rule. Adding a rule is adding its file and one line to its group's list.</summary>
public static class Catalog
{
    public static IReadOnlyList<Rule> All { get; } = [.. InputRules.All, .. WorkloadRules.All];

    public static Rule? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    public static IReadOnlyCollection<string> Ids { get; } = All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Rules about how manifests are written.</summary>
public static class InputRules
{
    public static IReadOnlyList<Rule> All { get; } = [new Input.DuplicateKey()];
}
