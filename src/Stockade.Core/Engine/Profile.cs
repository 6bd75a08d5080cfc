using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>A named selection of rules. Profiles select and parameterise rules; they never copy them.</summary>
public sealed class Profile
{
    internal Profile(string name, string description, IEnumerable<Rule> rules)
    {
        Name = name;
        Description = description;
        Rules = rules.ToList();
        PodRules = Rules.OfType<PodRule>().ToList();
        ObjectRules = Rules.OfType<ObjectRule>().ToList();
        DocumentRules = Rules.OfType<DocumentRule>().ToList();
    }

    /// <summary>The name <see cref="Profiles.ProfileRegistry.Resolve"/> takes, e.g. <c>restricted:latest</c>.</summary>
    public string Name { get; }
    /// <summary>What the profile checks, in a sentence.</summary>
    public string Description { get; }
    internal IReadOnlyList<Rule> Rules { get; }
    internal IReadOnlyList<PodRule> PodRules { get; }
    internal IReadOnlyList<ObjectRule> ObjectRules { get; }
    internal IReadOnlyList<DocumentRule> DocumentRules { get; }

    /// <summary>
    /// What the profile needs from the whole input before its rules are all known, in the order
    /// they resolve; empty for a profile that judges each document alone. <see cref="Rules"/> are
    /// then the rules of the first pass, and <see cref="Resolve"/> gives the full profile.
    /// </summary>
    internal IReadOnlyList<InputNeed> Needs { get; init; } = [];

    /// <summary>The profile with every need met, from the objects gathered for them; itself when it has none.</summary>
    internal Profile Resolve(IReadOnlyList<KubeObject> gathered, List<ScanNote> notes)
    {
        var resolved = Needs.Aggregate(this, (profile, need) => need.Resolve(profile, gathered, notes));
        // Met, the needs are not needs of the full profile (a need may hand its profile on unchanged).
        return resolved.Needs.Count == 0 ? resolved : new Profile(resolved.Name, resolved.Description, resolved.Rules);
    }
}
