namespace Stockade.Cli;

/// <summary>The documented exit codes (docs/exit-codes.md).</summary>
public static class ExitCodes
{
    /// <summary>Nothing at or above the --fail-on threshold, and every input read.</summary>
    public const int Ok = 0;

    /// <summary>At least one unsuppressed finding at or above the threshold.</summary>
    public const int Findings = 1;

    /// <summary>A usage error, or an input that could not be read (everything else was still scanned).</summary>
    public const int Error = 2;
}
