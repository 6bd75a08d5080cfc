using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>Validates a policy's seccomp and AppArmor annotations (ValidatePodSecurityPolicySpecificAnnotations).</summary>
internal static class PspProfileAnnotationsValidator
{
    public static void Validate(PspPolicy psp, List<PspError> errors)
    {
        var annotationsPath = FieldPaths.Join(psp.PathPrefix, "metadata.annotations");
        string KeyPath(string key) => $"{annotationsPath}[{key}]";

        if (psp.Annotations.TryGetValue(PspAnnotations.AppArmorDefault, out var aaDefault) && aaDefault.Value.Length > 0
            && AppArmorFormatError(aaDefault.Value) is { } e1)
        {
            errors.Add(PspError.Invalid("apparmor", KeyPath(PspAnnotations.AppArmorDefault), aaDefault.Position, aaDefault.Value, e1));
        }
        if (psp.Annotations.TryGetValue(PspAnnotations.AppArmorAllowed, out var aaAllowed) && aaAllowed.Value.Length > 0)
        {
            foreach (var p in aaAllowed.Value.Split(','))
            {
                if (AppArmorFormatError(p) is { } e2) errors.Add(PspError.Invalid("apparmor", KeyPath(PspAnnotations.AppArmorAllowed), aaAllowed.Position, aaAllowed.Value, e2));
            }
        }
        if (psp.Annotations.TryGetValue(PspAnnotations.SeccompDefault, out var scDefault) && scDefault.Value.Length > 0)
        {
            SeccompProfile(scDefault.Value, KeyPath(PspAnnotations.SeccompDefault), scDefault, errors);
        }
        if (psp.Annotations.TryGetValue(PspAnnotations.SeccompAllowed, out var scAllowed) && scAllowed.Value.Length > 0)
        {
            foreach (var p in scAllowed.Value.Split(','))
            {
                if (p != PspAnnotations.SeccompAllowAny) SeccompProfile(p, KeyPath(PspAnnotations.SeccompAllowed), scAllowed, errors);
            }
        }
    }

    /// <summary>apparmor.ValidateProfileFormat: runtime/default, unconfined or localhost/NAME.</summary>
    public static string? AppArmorFormatError(string profile) =>
        profile.Length == 0 || profile is "runtime/default" or "unconfined" || profile.StartsWith("localhost/", StringComparison.Ordinal)
            ? null
            : $"invalid AppArmor profile name: \"{profile}\"";

    /// <summary>ValidateSeccompProfile: runtime/default, docker/default, unconfined or localhost/RELATIVE-PATH.</summary>
    private static void SeccompProfile(string p, string path, Field<string> at, List<PspError> errors)
    {
        if (p is "runtime/default" or "docker/default" or "unconfined") return;
        if (p.StartsWith("localhost/", StringComparison.Ordinal))
        {
            var local = p["localhost/".Length..];
            if (local.StartsWith('/')) errors.Add(PspError.Invalid("seccomp", path, at.Position, local, "must be a relative path"));
            if (local.Split('/').Contains("..")) errors.Add(PspError.Invalid("seccomp", path, at.Position, local, "must not contain '..'"));
            return;
        }
        errors.Add(PspError.Invalid("seccomp", path, at.Position, p, "must be a valid seccomp profile"));
    }
}
