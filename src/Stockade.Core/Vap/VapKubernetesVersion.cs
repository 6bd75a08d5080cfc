using Stockade.Cel;

namespace Stockade.Vap;

/// <summary>
/// The Kubernetes version whose API server a policy is compiled for (<c>--kubernetes-version</c>):
/// each CEL library is available from the version that added it to the API server's environment.
/// </summary>
internal sealed class VapKubernetesVersion
{
    private VapKubernetesVersion(CelEnvironment environment) => Environment = environment;

    public CelEnvironment Environment { get; }

    /// <summary>The default: the newest version supported.</summary>
    public static readonly VapKubernetesVersion Newest = new(CelEnvironment.Newest);

    /// <summary>The versions accepted, for help and errors.</summary>
    public static string Supported => $"1.{CelEnvironment.OldestMinor} to 1.{CelEnvironment.NewestMinor}";

    public static string NewestName => $"1.{CelEnvironment.NewestMinor}";

    /// <summary><c>1.N</c> (or <c>v1.N</c>, <c>1.N.P</c>); null with <paramref name="error"/> for anything else or an unsupported version.</summary>
    public static VapKubernetesVersion? Parse(string text, out string? error) =>
        CelEnvironment.Parse(text, out error) is { } env ? new VapKubernetesVersion(env) : null;

    public override string ToString() => $"1.{Environment.KubernetesMinor}";
}
