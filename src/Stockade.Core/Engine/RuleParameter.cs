using System.Text.RegularExpressions;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>A <c>settings:</c> value in <c>.stockade.yaml</c> that cannot be used, with where and why.</summary>
internal sealed class SettingException(SourcePosition position, string message) : Exception(message)
{
    public SourcePosition Position { get; } = position;
}

/// <summary>
/// A parameter a rule reads, declared on that rule: its <c>settings:</c> key, type, default and
/// meaning. The configuration loader reads exactly the declared keys, and the rule's docs page
/// lists them, so a parameter cannot exist in one place and not the other.
/// </summary>
public abstract class RuleParameter(string name, string type, string defaultText, string description)
{
    /// <summary>The key under <c>settings:</c>, e.g. <c>userIdAbove</c>.</summary>
    public string Name => name;

    /// <summary>What a value looks like, in words, e.g. <c>non-negative integer</c>.</summary>
    public string Type => type;

    /// <summary>The default as a user would write it.</summary>
    public string DefaultText => defaultText;

    /// <summary>What the parameter means, for the rule's docs page.</summary>
    public string Description => description;

    /// <exception cref="SettingException">The value is not of the parameter's type.</exception>
    internal abstract object Read(YEntry entry);
}

/// <summary>A parameter whose value a rule reads as <typeparamref name="T"/>.</summary>
internal sealed class RuleParameter<T>(string name, string type, T defaultValue, string defaultText, string description, Func<YEntry, T> read)
    : RuleParameter(name, type, defaultText, description) where T : notnull
{
    public T Default => defaultValue;

    internal override object Read(YEntry entry) => read(entry);
}

/// <summary>The kinds of value a parameter can hold, each read with the errors users already know.</summary>
internal static class RuleParameters
{
    public static RuleParameter<long> NonNegativeInteger(string name, long defaultValue, string description) =>
        new(name, "non-negative integer", defaultValue, defaultValue.ToString(System.Globalization.CultureInfo.InvariantCulture), description, e =>
        {
            if (e.Value is YScalar { Kind: ScalarKind.Int, IntOutOfRange: false } i && i.IntValue >= 0) return i.IntValue;
            throw new SettingException(e.KeyPosition, $"{e.Key}: expected a non-negative integer");
        });

    /// <summary>Regular expressions, each anchored so that it must match the whole value.</summary>
    public static RuleParameter<IReadOnlyList<Regex>> AnchoredPatterns(string name, string description) =>
        new(name, "list of regular expressions", [], "[] (none)", description, e =>
            StringList(e).Select(s => Anchored(e.Key, s)).ToList());

    /// <summary>Capability names, normalised as the checks compare them (upper case, no <c>CAP_</c>).</summary>
    public static RuleParameter<IReadOnlySet<string>> CapabilitySet(string name, IReadOnlyCollection<string> defaultValue, string description) =>
        new(name, "list of capability names", defaultValue.ToHashSet(StringComparer.Ordinal),
            "[" + string.Join(", ", defaultValue) + "]", description, e =>
            StringList(e).Select(c => Capabilities.Normalize(c.Text)).ToHashSet(StringComparer.Ordinal));

    private static Regex Anchored(string key, YScalar pattern)
    {
        try
        {
            // Anchored: an allow-list entry must match the whole value.
            return new Regex("^(?:" + pattern.Text + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            throw new SettingException(pattern.Position, $"{key}: \"{pattern.Text}\" is not a valid regular expression: {ex.Message}");
        }
    }

    private static List<YScalar> StringList(YEntry e)
    {
        if (e.Value is not YSequence seq) throw new SettingException(e.KeyPosition, $"{e.Key}: expected a list of strings");
        var list = new List<YScalar>();
        foreach (var item in seq.Items)
        {
            if (item is not YScalar { Kind: ScalarKind.String } s) throw new SettingException(item.Position, $"{e.Key}: expected a string");
            list.Add(s);
        }
        return list;
    }
}
