namespace Stockade.Engine;

/// <summary>How bad a finding is; <see cref="ScanOptions.FailOn"/> says from which severity on a finding fails the run.</summary>
public enum Severity
{
    /// <summary>The lowest severity (<c>low</c>).</summary>
    Low = 1,
    /// <summary><c>medium</c>.</summary>
    Medium = 2,
    /// <summary><c>high</c>: the default <see cref="ScanOptions.FailOn"/>.</summary>
    High = 3,
    /// <summary>The highest severity (<c>critical</c>).</summary>
    Critical = 4,
}

/// <summary>The names of <see cref="Severity"/> as the reports and <c>.stockade.yaml</c> write them.</summary>
public static class SeverityNames
{
    /// <summary>The lower-case name: <c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>.</summary>
    public static string Name(this Severity s) => s switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        _ => "critical",
    };

    /// <summary>Reads a severity name, in any case.</summary>
    public static bool TryParse(string text, out Severity severity)
    {
        switch (text.ToLowerInvariant())
        {
            case "low": severity = Severity.Low; return true;
            case "medium": severity = Severity.Medium; return true;
            case "high": severity = Severity.High; return true;
            case "critical": severity = Severity.Critical; return true;
            default: severity = default; return false;
        }
    }
}
