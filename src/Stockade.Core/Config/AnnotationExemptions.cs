using System.Globalization;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Config;

/// <summary>
/// Exemptions written in the manifest itself:
/// <c>exempt.stockade.dev/RULE-ID: "reason[; container=a,b][; expires=YYYY-MM-DD]"</c> on the
/// object's metadata or on its pod template's metadata.
/// </summary>
internal static class AnnotationExemptions
{
    public const string Prefix = "exempt.stockade.dev/";

    public static List<Exemption> Read(KubeObject obj, PodSubject? pod, List<ScanError> errors)
    {
        var result = new List<Exemption>();
        Collect(obj, obj.Annotations, result, errors);
        if (pod != null && !ReferenceEquals(pod.PodAnnotations, obj.Annotations)) Collect(obj, pod.PodAnnotations, result, errors);
        return result;
    }

    /// <summary>
    /// The exemptions <paramref name="trust"/> honours; each annotation it refuses is a note at the
    /// annotation (not an error: the findings it meant to cover are reported, so nothing is hidden).
    /// </summary>
    public static List<Exemption> Read(KubeObject obj, PodSubject? pod, AnnotationTrust trust, List<ScanError> errors, List<ScanNote> notes)
    {
        if (trust.WhyNotTrusted(obj) is not { } refused) return Read(obj, pod, errors);
        foreach (var annotations in pod != null && !ReferenceEquals(pod.PodAnnotations, obj.Annotations) ? [obj.Annotations, pod.PodAnnotations] : new IReadOnlyDictionary<string, Field<string>>[] { obj.Annotations })
        {
            foreach (var (key, value) in annotations)
            {
                if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
                notes.Add(new ScanNote(obj.File, value.Position.Line, value.Position.Column,
                    $"annotation {key} is not honoured: {refused}; the findings it names are reported"));
            }
        }
        return [];
    }

    private static void Collect(KubeObject obj, IReadOnlyDictionary<string, Field<string>> annotations, List<Exemption> result, List<ScanError> errors)
    {
        foreach (var (key, value) in annotations)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var rule = key[Prefix.Length..];
            var parsed = Parse(value.Value, out var problem);
            if (problem != null || rule.Length == 0)
            {
                errors.Add(new ScanError(obj.File, value.Position.Line, value.Position.Column,
                    $"annotation {key}: {problem ?? "names no rule"}; the exemption is not applied"));
                continue;
            }
            result.Add(new Exemption
            {
                Rules = [rule],
                Namespace = obj.Namespace.IsSet ? obj.Namespace.Value : null,
                Kind = obj.Kind,
                Name = obj.Name.IsSet ? obj.Name.Value : null,
                Container = parsed.Container,
                Reason = parsed.Reason,
                Expires = parsed.Expires,
                Origin = $"annotation {key}",
                OriginFile = obj.File,
                OriginLine = value.Position.Line,
                OriginColumn = value.Position.Column,
            });
        }
    }

    private readonly record struct Parsed(string Reason, string? Container, DateOnly? Expires);

    private static Parsed Parse(string value, out string? problem)
    {
        problem = null;
        var parts = value.Split(';');
        var reasonParts = new List<string>();
        string? container = null;
        DateOnly? expires = null;
        foreach (var raw in parts)
        {
            var part = raw.Trim();
            if (part.StartsWith("container=", StringComparison.Ordinal))
            {
                container = part["container=".Length..].Trim();
            }
            else if (part.StartsWith("expires=", StringComparison.Ordinal))
            {
                var date = part["expires=".Length..].Trim();
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    problem = $"expires=\"{date}\" is not a date (YYYY-MM-DD)";
                }
                expires = d;
            }
            else if (part.Length > 0)
            {
                reasonParts.Add(part);
            }
        }
        var reason = string.Join("; ", reasonParts);
        if (reason.Length == 0) problem ??= "an exemption needs a reason (the annotation's value)";
        return new Parsed(reason, container, expires);
    }
}
