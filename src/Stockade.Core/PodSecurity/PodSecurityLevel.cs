namespace Stockade.PodSecurity;

/// <summary>A Pod Security Standards level. Privileged (no checks) is not a scan profile.</summary>
internal enum PodSecurityLevel
{
    Baseline,
    Restricted,
}

internal static class PodSecurityLevelNames
{
    public static string Name(this PodSecurityLevel level) => level == PodSecurityLevel.Baseline ? "baseline" : "restricted";
}
