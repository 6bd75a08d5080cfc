using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>The runtime errors with cel-go's wording, so messages read as upstream's do.</summary>
internal static class Errors
{
    public static CelEvalException NoOverload(string function, params object[] args) =>
        new($"no such overload: {function}({string.Join(", ", args.Select(TypeName))})");
    public static CelEvalException NoSuchKey(object key) => new($"no such key: {key}");
    public static CelEvalException Overflow() => new("return error for overflow");
    public static CelEvalException DivisionByZero() => new("division by zero");
    public static CelEvalException ModulusByZero() => new("modulus by zero");

    public static string TypeName(object v) => Stdlib.TypeOf(v).Name;
}
