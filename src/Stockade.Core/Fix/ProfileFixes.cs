using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Fix;

/// <summary>
/// seccomp and AppArmor profiles: an unconfined (or missing) profile becomes
/// <c>{type: RuntimeDefault}</c>, on the pod when every container inheriting it has the finding,
/// else on each container. A legacy annotation that gave the profile is removed and replaced by the
/// field (the API server rejects a pod whose annotation and field disagree).
/// </summary>
internal static class ProfileFixes
{
    private static readonly string[] SeccompRules = ["seccomp-profile", "pss-seccomp-profile-restricted", "pss-seccomp-profile-baseline"];
    private static readonly string[] AppArmorRules = ["apparmor-unconfined", "pss-apparmor-profile"];
    private const string RuntimeDefault = "RuntimeDefault";

    public static void Seccomp(FixSession s) => Fix(s, SeccompRules, "seccompProfile", LegacyAnnotations.SeccompContainerPrefix, LegacyAnnotations.SeccompPod,
        sc => sc.SeccompProfile, (sc, p) => sc with { SeccompProfile = p });

    public static void AppArmor(FixSession s) => Fix(s, AppArmorRules, "appArmorProfile", LegacyAnnotations.AppArmorContainerPrefix, null,
        sc => sc.AppArmorProfile, (sc, p) => sc with { AppArmorProfile = p });

    private static void Fix(FixSession s, string[] rules, string key, string containerPrefix, string? podAnnotation,
        Func<SecurityContextModel, ProfileModel?> get, Func<SecurityContextModel, ProfileModel, SecurityContextModel> set)
    {
        if (s.Pod.Spec.IsWindows) return;
        string? Annotation(ContainerModel c) => c.Name.IsSet && s.Pod.PodAnnotations.ContainsKey(containerPrefix + c.Name.Value) ? containerPrefix + c.Name.Value : null;
        bool OwnProfile(ContainerModel c) => s.Current(c).SecurityContext is { } sc && get(sc) != null;
        bool Inherits(ContainerModel c) => !OwnProfile(c) && Annotation(c) == null;
        bool Targeted(ContainerModel c) => s.Targets.RuleFor(c.DisplayName, rules) != null;
        SecurityContextModel Write(SecurityContextModel sc) =>
            set(sc, new ProfileModel { Path = FieldPaths.Join(sc.Path, key), Position = sc.Position, Type = new Field<string>(RuntimeDefault, sc.Position, FieldPaths.Join(sc.Path, key), "type") });
        var profile = new JsonObject { ["type"] = RuntimeDefault };

        var targeted = s.Pod.Spec.AllContainers.Where(Targeted).ToList();
        if (targeted.Count == 0) return;
        var podRule = s.Targets.RuleFor(targeted[0].DisplayName, rules)!;
        // An Unconfined pod value no container inherits still fails the Pod Security control; replacing it changes no container.
        var podUnconfined = s.Pod.PodSecurityContext is { } podContext && get(podContext)?.Type.Is("Unconfined") == true;
        if ((targeted.Any(Inherits) || (podUnconfined && !s.Pod.Spec.AllContainers.Any(Inherits))) && s.PodLevelFits(Inherits, Targeted))
        {
            if (podAnnotation != null && s.Pod.PodAnnotations.ContainsKey(podAnnotation)) s.RemoveAnnotation(podAnnotation, podRule);
            s.SetPod(key, profile, podRule, Write);
        }
        foreach (var c in targeted)
        {
            if (Inherits(c) && s.Pod.PodSecurityContext is { } pod && get(pod)?.Type.Is(RuntimeDefault) == true) continue;
            var rule = s.Targets.RuleFor(c.DisplayName, rules)!;
            if (Annotation(c) is { } annotation) s.RemoveAnnotation(annotation, rule);
            s.SetContainer(c, key, profile.DeepClone(), rule, Write);
        }
    }
}
