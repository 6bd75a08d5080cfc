using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>One rule violated at one place.</summary>
public sealed record Finding
{
    public required string Rule { get; init; }
    public required Severity Severity { get; init; }
    public required string Message { get; init; }
    public required string File { get; init; }

    /// <summary>
    /// The template the object was rendered from, when the document carries <c>helm template</c>'s
    /// <c># Source: chart/templates/x.yaml</c> comment; <see cref="File"/> stays the file read.
    /// </summary>
    public string? Source { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }

    /// <summary>The field path, e.g. <c>spec.template.spec.containers[0].securityContext.privileged</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The container the finding is about, when it is about one.</summary>
    public string? Container { get; init; }
    public required ObjectRef Object { get; init; }

    /// <summary>The upstream control or policy field (PSS control id, PSP field name), when the rule maps to one.</summary>
    public string? Control { get; init; }

    /// <summary>
    /// The Pod Security policy the finding was judged against and how, when a namespace's labels
    /// chose it: <c>enforce restricted:v1.30</c>, <c>warn restricted:latest</c>, <c>audit baseline:latest</c>.
    /// </summary>
    public string? Policy { get; init; }

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
