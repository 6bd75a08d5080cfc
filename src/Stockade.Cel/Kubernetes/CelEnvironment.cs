using System.Collections.Concurrent;
using System.Globalization;
using Stockade.Cel.Runtime;

namespace Stockade.Cel;

/// <summary>
/// What an expression may use: the functions, and the syntax the libraries bring (optional types'
/// <c>?.</c> / <c>[?</c> and <c>or</c> / <c>orValue</c> / <c>optMap</c>, two-variable comprehensions,
/// <c>cel.bind</c>). <see cref="Kubernetes(int)"/> is the API server's environment at a version;
/// <see cref="Full"/> has everything the engine implements (the conformance suites' environment).
/// </summary>
internal sealed class CelEnvironment
{
    /// <summary>The oldest Kubernetes minor version accepted: ValidatingAdmissionPolicy first appeared (alpha) in 1.26.</summary>
    public const int OldestMinor = 26;

    /// <summary>The newest Kubernetes minor version known: that of the built-in schemas (BuiltInSchema.KubernetesVersion).</summary>
    public const int NewestMinor = 37;

    private static readonly ConcurrentDictionary<int, CelEnvironment> ByMinor = new();

    private CelEnvironment(FunctionRegistry functions, int? minor, bool optionalTypes, bool twoVariableComprehensions, bool bindings)
    {
        Functions = functions;
        KubernetesMinor = minor;
        OptionalTypes = optionalTypes;
        TwoVariableComprehensions = twoVariableComprehensions;
        Bindings = bindings;
    }

    public FunctionRegistry Functions { get; }

    /// <summary>The Kubernetes minor version (1.N) this is the environment of; null for <see cref="Full"/>.</summary>
    public int? KubernetesMinor { get; }

    public bool OptionalTypes { get; }
    public bool TwoVariableComprehensions { get; }

    /// <summary><c>cel.bind</c> (cel-go's ext.Bindings, which the API server's base environment does not enable).</summary>
    public bool Bindings { get; }

    public static readonly CelEnvironment Full = new(FunctionRegistry.Standard, null, true, true, true);

    /// <summary>The conformance suites' environment: <see cref="Full"/> plus cel-go's math and encoders.</summary>
    public static readonly CelEnvironment CelGoExtended = new(FunctionRegistry.CelGoExtended, null, true, true, true);

    public static CelEnvironment Newest => Kubernetes(NewestMinor);

    /// <summary>The API server's environment at Kubernetes 1.<paramref name="minor"/>.</summary>
    public static CelEnvironment Kubernetes(int minor) => ByMinor.GetOrAdd(minor, m =>
    {
        var functions = FunctionRegistry.Standard.Without(KubernetesLibraries.Missing(m));
        // The lists' reverse, without strings v3's on the same key (the API server has strings v2).
        if (KubernetesLibraries.Has(KubernetesLibraries.ListsLibrary, m)) functions.Member("reverse", 1, ListsExt.ReverseList);
        return new CelEnvironment(functions, m, KubernetesLibraries.Has("optional types", m), KubernetesLibraries.Has("two-variable comprehensions", m), bindings: false);
    });

    /// <summary>Reads <c>1.N</c> or <c>v1.N</c> (a patch part is allowed and ignored); null with <paramref name="error"/> otherwise.</summary>
    public static CelEnvironment? Parse(string text, out string? error)
    {
        error = null;
        var t = text.Trim();
        if (t.StartsWith('v')) t = t[1..];
        var parts = t.Split('.');
        if (parts.Length is < 2 or > 3 || parts[0] != "1" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            error = $"\"{text}\" is not a Kubernetes version (1.N, for example 1.{NewestMinor})";
            return null;
        }
        if (minor < OldestMinor || minor > NewestMinor)
        {
            error = $"Kubernetes 1.{minor} is not supported (1.{OldestMinor} to 1.{NewestMinor})";
            return null;
        }
        return Kubernetes(minor);
    }

    public override string ToString() => KubernetesMinor is { } m ? $"Kubernetes 1.{m}" : "full";
}
