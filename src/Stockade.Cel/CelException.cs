namespace Stockade.Cel;

/// <summary>An expression that does not parse: the message names the line and column (1-based).</summary>
internal sealed class CelParseException(string message, int line, int column)
    : Exception($"{line}:{column}: {message}")
{
    public string Reason { get; } = message;
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>
/// A runtime error as CEL defines one ("no such key", "no such overload", "division by zero"):
/// a value that `&amp;&amp;`, `||`, `?:` and the all/exists macros may absorb, carried as an exception
/// because errors are rare and the happy path then pays nothing for them.
/// </summary>
internal class CelEvalException(string message) : Exception(message);

/// <summary>The evaluation ran past its cost limit (a runaway comprehension).</summary>
internal sealed class CelCostLimitException(long limit)
    : CelEvalException($"operation cancelled: actual cost limit exceeded (limit {limit})")
{
    public long Limit { get; } = limit;
}
