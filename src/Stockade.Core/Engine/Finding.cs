using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>One rule violated at one place.</summary>
public sealed record Finding
{
    /// <summary>The id of the rule violated, e.g. <c>pss-privileged</c>.</summary>
    public required string Rule { get; init; }
    /// <summary>The severity it is reported at, after the configuration's overrides.</summary>
    public required Severity Severity { get; init; }
    /// <summary>What is wrong, in a sentence.</summary>
    public required string Message { get; init; }
    /// <summary>The input it was found in (<see cref="ScanInput.Name"/>).</summary>
    public required string File { get; init; }

    /// <summary>
    /// The template the object was rendered from, when the document carries <c>helm template</c>'s
    /// <c># Source: chart/templates/x.yaml</c> comment; <see cref="File"/> stays the file read.
    /// </summary>
    public string? Source { get; init; }
    /// <summary>The 1-based line of the finding's position in <see cref="File"/>.</summary>
    public required int Line { get; init; }
    /// <summary>The 1-based column of that position.</summary>
    public required int Column { get; init; }

    /// <summary>The field path, e.g. <c>spec.template.spec.containers[0].securityContext.privileged</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The container the finding is about, when it is about one.</summary>
    public string? Container { get; init; }
    /// <summary>The object the finding is about.</summary>
    public required ObjectRef Object { get; init; }

    /// <summary>The upstream control or policy field (PSS control id, PSP field name), when the rule maps to one.</summary>
    public string? Control { get; init; }

    /// <summary>
    /// The Pod Security policy the finding was judged against and how, when a namespace's labels
    /// chose it: <c>enforce restricted:v1.30</c>, <c>warn restricted:latest</c>, <c>audit baseline:latest</c>;
    /// for a ValidatingAdmissionPolicy's finding, the policy's name.
    /// </summary>
    public string? Policy { get; init; }

    /// <summary>For a ValidatingAdmissionPolicy's finding (<c>vap:NAME</c>, whose <see cref="Policy"/> is the policy's name): the binding it was found under.</summary>
    public string? Binding { get; init; }

    /// <summary>True when an exemption or the baseline accepts it: it is reported, but fails nothing.</summary>
    public bool Suppressed { get; init; }

    /// <summary>What suppressed it, when <see cref="Suppressed"/>; counted by kind in the summary.</summary>
    public SuppressionKind SuppressionKind { get; init; }

    /// <summary>Why it is suppressed, and by what (config file line or annotation).</summary>
    public string? SuppressionReason { get; init; }

    /// <summary>True when the exemption is written in the manifest itself (an annotation), not in the configuration.</summary>
    public bool SuppressedInSource { get; init; }
}

/// <summary>Why a finding does not count: the summary counts suppressed findings by kind.</summary>
public enum SuppressionKind
{
    /// <summary>An exemption with a reason: <c>.stockade.yaml</c> or an <c>exempt.stockade.dev/</c> annotation.</summary>
    Exempted,

    /// <summary>Accepted in the baseline given to the scan (<c>--baseline</c>, <c>baseline:</c>): a finding the repository had when it adopted Stockade.</summary>
    Baselined,
}

/// <summary>The names of <see cref="SuppressionKind"/> as the reports write them.</summary>
public static class SuppressionKinds
{
    /// <summary>The name the reports use: <c>exempted</c>.</summary>
    public static string Name(this SuppressionKind kind) => kind switch
    {
        SuppressionKind.Exempted => "exempted",
        SuppressionKind.Baselined => "baselined",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
