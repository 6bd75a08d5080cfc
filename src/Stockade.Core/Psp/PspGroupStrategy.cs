namespace Stockade.Psp;

/// <summary>
/// The group strategies shared by <c>runAsGroup</c>, <c>fsGroup</c> and <c>supplementalGroups</c>:
/// <c>MustRunAs</c> (at least one group, all in the ranges; defaults to the first range's min),
/// <c>MayRunAs</c> (groups, when given, in the ranges; no default), <c>RunAsAny</c>.
/// </summary>
internal static class PspGroupStrategy
{
    /// <summary>Checks the groups set at <paramref name="path"/> (empty when the field is absent).</summary>
    public static void Validate(PspIdStrategy strategy, string control, string path, Yaml.SourcePosition at, IReadOnlyList<long> groups, List<PspError> errors, string? container = null)
    {
        switch (strategy.RuleName)
        {
            case "MustRunAs":
                if (groups.Count == 0 && strategy.Ranges.Count > 0)
                {
                    errors.Add(PspError.Invalid(control, path, at, groups, "unable to validate empty groups against required ranges", container));
                }
                InRanges(strategy, control, path, at, groups, errors, container);
                break;
            case "MayRunAs":
                InRanges(strategy, control, path, at, groups, errors, container);
                break;
        }
    }

    private static void InRanges(PspIdStrategy strategy, string control, string path, Yaml.SourcePosition at, IReadOnlyList<long> groups, List<PspError> errors, string? container)
    {
        foreach (var g in groups)
        {
            if (!strategy.InRanges(g))
            {
                errors.Add(PspError.Invalid(control, path, at, groups, $"group {g} must be in the ranges: {strategy.RangesText}", container));
            }
        }
    }

    /// <summary>The value defaulting gives an absent field: the first range's min under MustRunAs, else none.</summary>
    public static long? Generate(PspIdStrategy strategy) =>
        strategy.RuleName == "MustRunAs" && strategy.Ranges.Count > 0 ? strategy.Ranges[0].Min : null;
}
