using Stockade.Cel.Runtime;
using Stockade.Cel.Syntax;

namespace Stockade.Cel;

/// <summary>
/// A compiled CEL expression: parse once with <see cref="Compile(string, bool)"/>, evaluate many times, from any thread.
/// Values in and out: long (int), ulong (uint), double, bool, string, <see cref="Values.CelBytes"/>, null as
/// <see cref="Values.CelNull"/>, lists as IReadOnlyList&lt;object&gt;, maps as <see cref="Values.CelMap"/>,
/// JSON through <see cref="Values.CelJson"/>.
/// </summary>
internal sealed class CelProgram
{
    /// <summary>The default cost limit: Kubernetes' per-expression limit (1,000,000 units).</summary>
    public const long DefaultCostLimit = 1_000_000;

    private readonly Node _root;
    private readonly int _slots;

    public string Source { get; }

    private CelProgram(string source, Node root, int slots)
    {
        Source = source;
        _root = root;
        _slots = slots;
    }

    /// <summary>
    /// Parses and binds; a syntax error, or with <paramref name="check"/> an unknown function or
    /// overload arity, is a <see cref="CelParseException"/> with line:column. Without it an unknown
    /// function is an error only when evaluation reaches it (cel-go's unchecked mode).
    /// </summary>
    public static CelProgram Compile(string source, bool check = true) => Compile(source, check, CelEnvironment.Full);

    /// <summary>
    /// Compiles in another environment: the API server's at a Kubernetes version (a function or syntax
    /// that version lacks is a compile error), or the conformance tests' <see cref="CelEnvironment.CelGoExtended"/>.
    /// </summary>
    internal static CelProgram Compile(string source, bool check, CelEnvironment environment)
    {
        var parser = new Parser(source, environment, check);
        var root = parser.ParseAll();
        return new CelProgram(source, root, parser.Slots);
    }

    /// <summary>The parsed expression, for the type checker.</summary>
    internal Node Root => _root;

    /// <summary>Evaluates; a CEL runtime error is a <see cref="CelEvalException"/>.</summary>
    public object Evaluate(IReadOnlyDictionary<string, object> variables, long costLimit = DefaultCostLimit)
    {
        var activation = new Activation(variables, _slots, costLimit);
        try
        {
            return _root.Eval(activation);
        }
        catch (Exception e) when (e is InsufficientExecutionStackException or OutOfMemoryException)
        {
            throw new CelEvalException($"evaluation exhausted resources: {e.Message}");
        }
    }
}
