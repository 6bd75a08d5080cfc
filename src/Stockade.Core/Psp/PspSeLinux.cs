using System.Text.Json.Nodes;

namespace Stockade.Psp;

/// <summary>
/// <c>seLinux</c>: <c>MustRunAs</c> requires the pod's and every container's effective options to
/// equal the policy's (MCS levels compared as sets of categories) and defaults the pod's options;
/// <c>RunAsAny</c> allows anything.
/// </summary>
public static class PspSeLinux
{
    public static void ValidatePod(PspPolicy psp, PspPod pod, List<PspError> errors) =>
        Validate(psp, pod.SeLinux, pod.ScPath + ".seLinuxOptions", pod.ScPosition, null, errors);

    public static void ValidateContainer(PspPolicy psp, PspPod pod, PspContainer c, List<PspError> errors) =>
        Validate(psp, pod.EffectiveSeLinux(c), c.ScPath + ".seLinuxOptions", c.ScPosition, c.Name, errors);

    private static void Validate(PspPolicy psp, Val<SeLinuxValue>? actual, string absentPath, Yaml.SourcePosition absentAt, string? container, List<PspError> errors)
    {
        if (psp.SeLinuxRuleName != "MustRunAs" || psp.SeLinuxOptions is not { } want) return;
        if (actual is not { } a)
        {
            errors.Add(PspError.Required("seLinux", absentPath, absentAt, "", container));
            return;
        }
        var has = a.Value;
        if (!EqualLevels(want.Level, has.Level)) errors.Add(PspError.Invalid("seLinux", a.Path + ".level", a.Position, has.Level, $"must be {want.Level}", container));
        if (has.Role != want.Role) errors.Add(PspError.Invalid("seLinux", a.Path + ".role", a.Position, has.Role, $"must be {want.Role}", container));
        if (has.Type != want.Type) errors.Add(PspError.Invalid("seLinux", a.Path + ".type", a.Position, has.Type, $"must be {want.Type}", container));
        if (has.User != want.User) errors.Add(PspError.Invalid("seLinux", a.Path + ".user", a.Position, has.User, $"must be {want.User}", container));
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

    public static void Default(PspPolicy psp, PspPod pod, PspChanges changes)
    {
        if (pod.SeLinux != null || psp.SeLinuxRuleName != "MustRunAs" || psp.SeLinuxOptions is not { } o) return;
        pod.SeLinux = new Val<SeLinuxValue>(SeLinuxValue.From(o), pod.ScPosition, pod.ScPath + ".seLinuxOptions");
        var node = new JsonObject();
        if (o.Level.Length > 0) node["level"] = o.Level;
        if (o.Role.Length > 0) node["role"] = o.Role;
        if (o.Type.Length > 0) node["type"] = o.Type;
        if (o.User.Length > 0) node["user"] = o.User;
        changes.Set(pod.SpecPointer + "/securityContext/seLinuxOptions", node, "seLinuxOptions (seLinux MustRunAs)");
    }
}
