namespace Stockade.Webhook;

/// <summary>A response with what the audit log and metrics record about it.</summary>
/// <param name="Verdict">What the webhook did; its <see cref="AdmissionVerdictNames.Name"/> is what the audit log and metrics record.</param>
/// <param name="Rules">The rules (or PSP controls) violated.</param>
/// <param name="ErrorKind">For verdict error: the metric's kind label.</param>
internal sealed record AdmissionOutcome(AdmissionResponse Response, AdmissionVerdict Verdict, IReadOnlyList<string> Rules, string? Message = null, string? ErrorKind = null)
{
    /// <summary>The <c>exempt.stockade.dev</c> annotations honoured (opted-in namespaces only): each is audited and warned about.</summary>
    public IReadOnlyList<string> AnnotationExemptions { get; init; } = [];
}
