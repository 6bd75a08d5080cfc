namespace Stockade.Engine;

/// <summary>
/// The values of the rule parameters a configuration sets; a rule reads its own declared
/// <see cref="RuleParameter{T}"/> here and gets the declared default when the configuration
/// leaves it unset.
/// </summary>
internal sealed class RuleSettings
{
    private readonly IReadOnlyDictionary<RuleParameter, object> _values;

    private RuleSettings(IReadOnlyDictionary<RuleParameter, object> values) => _values = values;

    public static readonly RuleSettings Default = new(new Dictionary<RuleParameter, object>());

    public T Get<T>(RuleParameter<T> parameter) where T : notnull =>
        _values.TryGetValue(parameter, out var value) ? (T)value : parameter.Default;

    /// <summary>These settings with <paramref name="parameter"/> set to <paramref name="value"/>.</summary>
    public RuleSettings With<T>(RuleParameter<T> parameter, T value) where T : notnull => With(parameter, (object)value);

    internal RuleSettings With(RuleParameter parameter, object value) =>
        new(new Dictionary<RuleParameter, object>(_values) { [parameter] = value });
}
