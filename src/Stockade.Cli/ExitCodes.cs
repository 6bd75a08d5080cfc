using Stockade.Engine;

namespace Stockade.Cli;

/// <summary>
/// The documented exit codes (docs/exit-codes.md): the names of the core's <see cref="RunOutcome"/>s,
/// which the policy in <see cref="Verdicts"/> decides; a usage error is <see cref="Error"/> too.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above the --fail-on threshold, and every input read.</summary>
    public const int Ok = (int)RunOutcome.Passed;

    /// <summary>At least one unsuppressed finding at or above the threshold.</summary>
    public const int Findings = (int)RunOutcome.Failed;

    /// <summary>A usage error, or an input that could not be read (everything else was still scanned).</summary>
    public const int Error = (int)RunOutcome.Incomplete;

    public static int Of(RunOutcome outcome) => (int)outcome;
}
