using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// <c>seLinux</c>: <c>MustRunAs</c> requires the pod's and every container's effective options to
/// equal the policy's (MCS levels compared as sets of categories) and defaults the pod's options;
/// <c>RunAsAny</c> allows anything.
/// </summary>
internal static class PspSeLinux
{
    public static void ValidatePod(PspPolicy psp, PodSubject pod, List<PspError> errors) =>
        Validate(psp, pod.Spec.SecurityContext?.SeLinuxOptions, pod.Spec.ScPath() + ".seLinuxOptions", pod.Spec.ScPosition(), null, errors);

    public static void ValidateContainer(PspPolicy psp, PodSubject pod, ContainerModel c, List<PspError> errors)
    {
        var e = pod.Effective(c);
        Validate(psp, e.SeLinuxOptions, e.ContainerSecurityContextPath + ".seLinuxOptions", e.AbsentPosition, c.PspName(), errors);
    }

    private static void Validate(PspPolicy psp, SeLinuxOptionsModel? actual, string absentPath, Yaml.SourcePosition absentAt, string? container, List<PspError> errors)
    {
        if (psp.SeLinuxRuleName != "MustRunAs" || psp.SeLinuxOptions is not { } want) return;
        if (actual is not { } a)
        {
            errors.Add(PspError.Required("seLinux", absentPath, absentAt, "", container));
            return;
        }
        var (level, role, type, user) = (PspPodFields.Text(a.Level), PspPodFields.Text(a.Role), PspPodFields.Text(a.Type), PspPodFields.Text(a.User));
        if (!EqualLevels(want.Level, level)) errors.Add(PspError.Invalid("seLinux", a.Path + ".level", a.Position, level, $"must be {want.Level}", container));
        if (role != want.Role) errors.Add(PspError.Invalid("seLinux", a.Path + ".role", a.Position, role, $"must be {want.Role}", container));
        if (type != want.Type) errors.Add(PspError.Invalid("seLinux", a.Path + ".type", a.Position, type, $"must be {want.Type}", container));
        if (user != want.User) errors.Add(PspError.Invalid("seLinux", a.Path + ".user", a.Position, user, $"must be {want.User}", container));
    }

    /// <summary><c>s0:c1,c2</c> equals <c>s0:c2,c1</c>: the sensitivity must match and the categories as a set.</summary>
    public static bool EqualLevels(string expected, string actual)
    {
        if (expected == actual) return true;
        var e = expected.Split(':', 2);
        var a = actual.Split(':', 2);
        if (e.Length != 2 || a.Length != 2 || e[0] != a[0]) return false;
        return new HashSet<string>(e[1].Split(','), StringComparer.Ordinal).SetEquals(a[1].Split(','));
    }

    public static PodSubject Default(PspPolicy psp, PodSubject pod, PspChanges changes)
    {
        if (pod.Spec.SecurityContext?.SeLinuxOptions != null || psp.SeLinuxRuleName != "MustRunAs" || psp.SeLinuxOptions is not { } o) return pod;
        var node = new JsonObject();
        if (o.Level.Length > 0) node["level"] = o.Level;
        if (o.Role.Length > 0) node["role"] = o.Role;
        if (o.Type.Length > 0) node["type"] = o.Type;
        if (o.User.Length > 0) node["user"] = o.User;
        changes.Set(PspChanges.PointerOf(pod.Spec.Path) + "/securityContext/seLinuxOptions", node, "seLinuxOptions (seLinux MustRunAs)");
        return pod with { Spec = pod.Spec.WithSecurityContext(sc => sc with { SeLinuxOptions = Options(o, sc) }) };
    }

    private static SeLinuxOptionsModel Options(PspSeLinuxOptions o, SecurityContextModel sc)
    {
        var path = sc.Path + ".seLinuxOptions";
        Field<string> F(string value, string key) => PspPodFields.Defaulted(value, sc.Position, path, key);
        return new SeLinuxOptionsModel { Path = path, Position = sc.Position, User = F(o.User, "user"), Role = F(o.Role, "role"), Type = F(o.Type, "type"), Level = F(o.Level, "level") };
    }
}
