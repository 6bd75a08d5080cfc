using Stockade.Cel;
using Stockade.Cel.Values;

namespace Stockade.Vap;

/// <summary>
/// The <c>variables</c> map: each variable is evaluated the first time an expression reads it, at
/// most once per evaluation, seeing the variables before it (upstream's lazy composition); an
/// error is remembered and raised to every reader.
/// </summary>
internal sealed class VapVariables : CelMap
{
    private readonly IReadOnlyList<VapVariable> _variables;
    private readonly Dictionary<string, object> _context;
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CelEvalException> _errors = new(StringComparer.Ordinal);

    public VapVariables(IReadOnlyList<VapVariable> variables, Dictionary<string, object> context)
    {
        _variables = variables;
        _context = context;
    }

    public override int Count => _variables.Count;

    public override IEnumerable<object> Keys => _variables.Select(v => (object)v.Name);

    public override bool TryGet(object key, out object value)
    {
        value = null!;
        if (key is not string name) return false;
        if (_values.TryGetValue(name, out value!)) return true;
        if (_errors.TryGetValue(name, out var error)) throw error;
        var index = -1;
        for (var i = 0; i < _variables.Count; i++) if (_variables[i].Name == name) index = i;
        if (index < 0) return false;
        try
        {
            value = _variables[index].Expression.Program.Evaluate(_context);
        }
        catch (CelEvalException e)
        {
            var wrapped = new CelEvalException($"composited variable \"{name}\" fails to evaluate: {e.Message}");
            _errors[name] = wrapped;
            throw wrapped;
        }
        _values[name] = value;
        return true;
    }
}
