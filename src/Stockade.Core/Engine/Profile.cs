namespace Stockade.Engine;

/// <summary>A named selection of rules. Profiles select and parameterise rules; they never copy them.</summary>
public sealed class Profile
{
    public Profile(string name, string description, IEnumerable<Rule> rules)
    {
        Name = name;
        Description = description;
        Rules = rules.ToList();
        PodRules = Rules.OfType<PodRule>().ToList();
        ObjectRules = Rules.OfType<ObjectRule>().ToList();
        DocumentRules = Rules.OfType<DocumentRule>().ToList();
    }

    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<Rule> Rules { get; }
    public IReadOnlyList<PodRule> PodRules { get; }
    public IReadOnlyList<ObjectRule> ObjectRules { get; }
    public IReadOnlyList<DocumentRule> DocumentRules { get; }
}
