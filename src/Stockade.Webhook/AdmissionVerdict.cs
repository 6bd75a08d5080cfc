namespace Stockade.Webhook;

/// <summary>What the webhook did with a request, as the audit log's <c>verdict</c> and the metrics' <c>verdict</c> label record it.</summary>
internal enum AdmissionVerdict
{
    Allowed,
    Denied,
    Warned,
    Audited,
    Exempt,
    Skipped,
    Error,
}

internal static class AdmissionVerdictNames
{
    /// <summary>
    /// The word written to the audit log and the metrics (docs/webhook.md): stable, whatever the
    /// enum's member names become, because dashboards and log queries match on it.
    /// </summary>
    public static string Name(this AdmissionVerdict v) => v switch
    {
        AdmissionVerdict.Allowed => "allowed",
        AdmissionVerdict.Denied => "denied",
        AdmissionVerdict.Warned => "warned",
        AdmissionVerdict.Audited => "audited",
        AdmissionVerdict.Exempt => "exempt",
        AdmissionVerdict.Skipped => "skipped",
        AdmissionVerdict.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(v), v, null),
    };
}
