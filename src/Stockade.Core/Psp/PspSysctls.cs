using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// <c>forbiddenSysctls</c> and <c>allowedUnsafeSysctls</c>: a forbidden sysctl is refused; a safe one
/// (the kubelet's 1.24 safe set) or an allowed unsafe one passes; any other is refused. A pattern
/// ending in <c>*</c> matches by prefix.
/// </summary>
internal static class PspSysctls
{
    public static void Validate(PspPolicy psp, PodSubject pod, List<PspError> errors)
    {
        foreach (var s in (pod.Spec.SecurityContext?.Sysctls ?? []).Select(s => s.Name).Where(n => n.IsSet))
        {
            if (Matches(psp.ForbiddenSysctls.Select(f => f.Value), s.Value))
            {
                errors.Add(PspError.Forbidden("forbiddenSysctls", s.Path, s.Position, $"sysctl \"{s.Value}\" is not allowed"));
            }
            else if (PspVocabulary.SafeSysctls.Contains(s.Value) || Matches(psp.AllowedUnsafeSysctls.Select(a => a.Value), s.Value))
            {
                continue;
            }
            else
            {
                errors.Add(PspError.Forbidden("allowedUnsafeSysctls", s.Path, s.Position, $"unsafe sysctl \"{s.Value}\" is not allowed"));
            }
        }
    }

    public static bool Matches(IEnumerable<string> patterns, string name) =>
        patterns.Any(p => p.EndsWith('*') ? name.StartsWith(p[..^1], StringComparison.Ordinal) : name == p);
}
