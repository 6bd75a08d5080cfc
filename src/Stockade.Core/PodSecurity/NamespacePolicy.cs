using Stockade.Kube;

namespace Stockade.PodSecurity;

/// <summary>A Pod Security level and version; a null level is <c>privileged</c> (nothing checked).</summary>
internal readonly record struct LevelVersion(PodSecurityLevel? Level, PodSecurityVersion Version)
{
    public static readonly LevelVersion Privileged = new(null, PodSecurityVersion.Latest);

    public override string ToString() => $"{Level?.Name() ?? "privileged"}:{Version}";

    /// <summary>Parses <c>LEVEL[:VERSION]</c> as given on the command line.</summary>
    public static bool TryParse(string text, out LevelVersion value)
    {
        value = Privileged;
        var colon = text.IndexOf(':');
        var levelText = colon < 0 ? text : text[..colon];
        var version = PodSecurityVersion.Latest;
        if (colon >= 0 && !PodSecurityVersion.TryParse(text[(colon + 1)..], out version)) return false;
        if (!NamespacePolicy.TryParseLevel(levelText, out var level)) return false;
        value = new LevelVersion(level, version);
        return true;
    }
}

/// <summary>A label of a Namespace that Pod Security Admission could not use.</summary>
internal readonly record struct LabelError(string Label, string Value, string Message);

/// <summary>
/// The policies Pod Security Admission applies in a namespace, from its labels
/// (<c>pod-security.kubernetes.io/enforce</c>, <c>…/enforce-version</c>, <c>audit</c>, <c>warn</c>…),
/// resolved the way upstream's <c>PolicyToEvaluate</c> does: an unset label takes the default; an
/// invalid enforce level is <c>restricted</c>, an invalid audit or warn level fails open to
/// <c>privileged</c>, an invalid version is <c>latest</c>.
/// </summary>
internal sealed record NamespacePolicy(LevelVersion Enforce, LevelVersion Audit, LevelVersion Warn)
{
    public const string LabelPrefix = "pod-security.kubernetes.io/";

    public static NamespacePolicy Defaults(LevelVersion enforce) => new(enforce, LevelVersion.Privileged, LevelVersion.Privileged);

    public static (NamespacePolicy Policy, List<LabelError> Errors) FromLabels(IReadOnlyDictionary<string, Field<string>> labels, NamespacePolicy defaults)
    {
        var errors = new List<LabelError>();
        var enforce = Resolve(labels, "enforce", defaults.Enforce, PodSecurityLevel.Restricted, errors);
        var audit = Resolve(labels, "audit", defaults.Audit, null, errors);
        var warn = Resolve(labels, "warn", defaults.Warn, null, errors);
        return (new NamespacePolicy(enforce, audit, warn), errors);
    }

    private static LevelVersion Resolve(IReadOnlyDictionary<string, Field<string>> labels, string mode, LevelVersion fallback, PodSecurityLevel? onInvalidLevel, List<LabelError> errors)
    {
        var level = fallback.Level;
        var version = fallback.Version;
        if (labels.TryGetValue(LabelPrefix + mode, out var levelLabel))
        {
            if (TryParseLevel(levelLabel.Value, out var parsed)) level = parsed;
            else
            {
                level = onInvalidLevel;
                errors.Add(new LabelError(LabelPrefix + mode, levelLabel.Value, "must be one of privileged, baseline, restricted"));
            }
        }
        if (labels.TryGetValue(LabelPrefix + mode + "-version", out var versionLabel))
        {
            if (!PodSecurityVersion.TryParse(versionLabel.Value, out version))
            {
                version = PodSecurityVersion.Latest;
                errors.Add(new LabelError(LabelPrefix + mode + "-version", versionLabel.Value, "must be \"latest\" or \"v1.x\""));
            }
        }
        return new LevelVersion(level, version);
    }

    public static bool TryParseLevel(string text, out PodSecurityLevel? level)
    {
        switch (text)
        {
            case "privileged": level = null; return true;
            case "baseline": level = PodSecurityLevel.Baseline; return true;
            case "restricted": level = PodSecurityLevel.Restricted; return true;
            default: level = null; return false;
        }
    }
}
