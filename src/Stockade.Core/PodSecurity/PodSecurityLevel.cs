namespace Stockade.PodSecurity;

/// <summary>A Pod Security Standards level. Privileged (no checks) is not a scan profile.</summary>
public enum PodSecurityLevel
{
    Baseline,
    Restricted,
}

public static class PodSecurityLevelNames
{
    public static string Name(this PodSecurityLevel level) => level == PodSecurityLevel.Baseline ? "baseline" : "restricted";
}
