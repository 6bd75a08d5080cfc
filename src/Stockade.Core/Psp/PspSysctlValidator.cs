using System.Text.RegularExpressions;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>Validates <c>allowedUnsafeSysctls</c> and <c>forbiddenSysctls</c>: patterns, lone <c>*</c>, overlaps.</summary>
internal static partial class PspSysctlValidator
{
    private const string SysctlSegmentFmt = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
    private const string PatternSegmentFmt = "([a-z0-9][-_a-z0-9]*)?[a-z0-9*]";

    /// <summary>The pattern the API server printed in its message (slash separators allowed since 1.23).</summary>
    public const string PatternFmt = "(" + SysctlSegmentFmt + "[\\./])*" + PatternSegmentFmt;

    public static bool IsValidPattern(string name) => name.Length <= 253 && Pattern().IsMatch(name);

    public static void Validate(PspPolicy psp, List<PspError> errors)
    {
        var allowedPath = FieldPaths.Join(psp.SpecPath, "allowedUnsafeSysctls");
        var forbiddenPath = FieldPaths.Join(psp.SpecPath, "forbiddenSysctls");
        List(psp.AllowedUnsafeSysctls, allowedPath, "allowedUnsafeSysctls", errors);
        List(psp.ForbiddenSysctls, forbiddenPath, "forbiddenSysctls", errors);
        Overlaps(psp, allowedPath, forbiddenPath, errors);
    }

    private static void List(IReadOnlyList<Field<string>> sysctls, string path, string control, List<PspError> errors)
    {
        var coversAll = false;
        for (var i = 0; i < sysctls.Count; i++)
        {
            var s = sysctls[i];
            var itemPath = FieldPaths.Index(path, i);
            if (s.Value.Length == 0) errors.Add(PspError.Invalid(control, itemPath, s.Position, s.Value, "empty sysctl not allowed"));
            else if (!IsValidPattern(s.Value)) errors.Add(PspError.Invalid(control, itemPath, s.Position, s.Value, $"must have at most 253 characters and match regex {PatternFmt}"));
            else if (s.Value[0] == '*') coversAll = true;
        }
        if (coversAll && sysctls.Count > 1)
        {
            errors.Add(PspError.Forbidden(control, FieldPaths.Join(path, "items"), sysctls[0].Position, "if '*' is present, must not specify other sysctls"));
        }
    }

    private static void Overlaps(PspPolicy psp, string allowedPath, string forbiddenPath, List<PspError> errors)
    {
        for (var i = 0; i < psp.AllowedUnsafeSysctls.Count; i++)
        {
            var allowed = psp.AllowedUnsafeSysctls[i];
            var allowedIsPattern = allowed.Value.EndsWith('*');
            var allowedPrefix = allowedIsPattern ? allowed.Value[..^1] : "";
            for (var j = 0; j < psp.ForbiddenSysctls.Count; j++)
            {
                var forbidden = psp.ForbiddenSysctls[j];
                var forbiddenIsPattern = forbidden.Value.EndsWith('*');
                var forbiddenPrefix = forbiddenIsPattern ? forbidden.Value[..^1] : "";
                PspError AllowedError() => PspError.Invalid("allowedUnsafeSysctls", FieldPaths.Index(allowedPath, i), allowed.Position, allowed.Value, $"sysctl overlaps with {forbidden.Value}");
                PspError ForbiddenError() => PspError.Invalid("forbiddenSysctls", FieldPaths.Index(forbiddenPath, j), forbidden.Position, forbidden.Value, $"sysctl overlaps with {allowed.Value}");
                if (allowedIsPattern && forbiddenIsPattern)
                {
                    if (allowedPrefix.StartsWith(forbiddenPrefix, StringComparison.Ordinal)) errors.Add(AllowedError());
                    else if (forbiddenPrefix.StartsWith(allowedPrefix, StringComparison.Ordinal)) errors.Add(ForbiddenError());
                }
                else if (allowedIsPattern)
                {
                    if (forbidden.Value.StartsWith(allowedPrefix, StringComparison.Ordinal)) errors.Add(ForbiddenError());
                }
                else if (forbiddenIsPattern)
                {
                    if (allowed.Value.StartsWith(forbiddenPrefix, StringComparison.Ordinal)) errors.Add(AllowedError());
                }
                else if (allowed.Value == forbidden.Value)
                {
                    errors.Add(AllowedError());
                }
            }
        }
    }

    [GeneratedRegex("^" + PatternFmt + "$")]
    private static partial Regex Pattern();
}
