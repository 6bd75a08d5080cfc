using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Fix;

/// <summary>
/// runAsNonRoot, runAsUser and runAsGroup: written where the effective value comes from with the
/// fewest edits — on the pod when every container inheriting it has the finding, else on each
/// container that has it; a container's own contrary value is always replaced. A UID or GID is
/// written only when the user gives one (<see cref="FixOptions.RunAsUser"/>): the image decides
/// which users it works with.
/// </summary>
internal static class IdentityFixes
{
    private static readonly string[] RootRules = ["run-as-root", "pss-run-as-non-root"];
    private static readonly string[] UserRules = ["run-as-root", "pss-run-as-non-root", "pss-run-as-user", "low-user-id"];

    public static void RunAsUser(FixSession s)
    {
        if (s.Options.RunAsUser is not { } uid || s.Pod.Spec.IsWindows) return;
        // A low UID, UID 0, or the image's user (unset) under a run-as-root finding: the given UID replaces it.
        bool Needs(ContainerModel c)
        {
            var rule = s.Targets.RuleFor(c.DisplayName, UserRules);
            var user = s.Pod.Effective(s.Current(c)).RunAsUser;
            return rule != null && !user.Is(uid) && (rule == "low-user-id" || !user.IsSet || user.Value == 0);
        }
        bool OwnValue(ContainerModel c) => s.Current(c).SecurityContext?.RunAsUser.IsSet ?? false;
        var needing = s.Pod.Spec.AllContainers.Where(Needs).ToList();
        if (needing.Any(c => !OwnValue(c)) && s.PodLevelFits(c => !OwnValue(c), Needs))
        {
            s.SetPod("runAsUser", uid, s.Targets.RuleFor(needing.First(c => !OwnValue(c)).DisplayName, UserRules)!, sc => sc with { RunAsUser = FixSession.Written(uid, sc, "runAsUser") });
        }
        foreach (var c in needing)
        {
            if (s.Pod.Effective(s.Current(c)).RunAsUser.Is(uid)) continue;
            s.SetContainer(c, "runAsUser", uid, s.Targets.RuleFor(c.DisplayName, UserRules)!, sc => sc with { RunAsUser = FixSession.Written(uid, sc, "runAsUser") });
        }
    }

    public static void RunAsNonRoot(FixSession s)
    {
        if (s.Pod.Spec.IsWindows) return;
        // UID 0 written explicitly wins over runAsNonRoot (the kubelet refuses to start the
        // container): only a UID (--run-as-user) fixes it, so such a container keeps its finding.
        bool Needs(ContainerModel c)
        {
            var e = s.Pod.Effective(s.Current(c));
            return s.Targets.RuleFor(c.DisplayName, RootRules) != null && !e.RunAsNonRoot.Is(true) && !e.RunAsUser.Is(0);
        }
        var needing = s.Pod.Spec.AllContainers.Where(Needs).ToList();
        if (needing.Count == 0) return;
        bool OwnValue(ContainerModel c) => s.Current(c).SecurityContext?.RunAsNonRoot.IsSet ?? false;
        var inheriting = needing.Where(c => !OwnValue(c)).ToList();
        if (inheriting.Count > 0 && s.PodLevelFits(c => !OwnValue(c), Needs))
        {
            s.SetPod("runAsNonRoot", true, s.Targets.RuleFor(inheriting[0].DisplayName, RootRules)!, sc => sc with { RunAsNonRoot = FixSession.Written(true, sc, "runAsNonRoot") });
        }
        foreach (var c in needing)
        {
            if (s.Pod.Effective(s.Current(c)).RunAsNonRoot.Is(true)) continue;
            s.SetContainer(c, "runAsNonRoot", true, s.Targets.RuleFor(c.DisplayName, RootRules)!, sc => sc with { RunAsNonRoot = FixSession.Written(true, sc, "runAsNonRoot") });
        }
    }

    public static void RunAsGroup(FixSession s)
    {
        if (s.Options.RunAsGroup is not { } gid || s.Pod.Spec.IsWindows) return;
        bool Needs(ContainerModel c) => s.Targets.RuleFor(c.DisplayName, "low-group-id") != null && !s.Pod.Effective(s.Current(c)).RunAsGroup.Is(gid);
        bool OwnValue(ContainerModel c) => s.Current(c).SecurityContext?.RunAsGroup.IsSet ?? false;
        var needing = s.Pod.Spec.AllContainers.Where(Needs).ToList();
        if (needing.Any(c => !OwnValue(c)) && s.PodLevelFits(c => !OwnValue(c), Needs))
        {
            s.SetPod("runAsGroup", gid, "low-group-id", sc => sc with { RunAsGroup = FixSession.Written(gid, sc, "runAsGroup") });
        }
        foreach (var c in needing)
        {
            if (s.Pod.Effective(s.Current(c)).RunAsGroup.Is(gid)) continue;
            s.SetContainer(c, "runAsGroup", gid, "low-group-id", sc => sc with { RunAsGroup = FixSession.Written(gid, sc, "runAsGroup") });
        }
        // A low fsGroup owns the pod's volumes; the given GID replaces it. Low supplementalGroups stay
        // (listed): which of them the workload's files need is not known.
        var fsGroup = s.Pod.PodSecurityContext?.FsGroup ?? default;
        if (fsGroup.IsSet && fsGroup.Value != gid && s.Targets.RuleAt(fsGroup.Path, "low-group-id") != null)
        {
            s.SetPod("fsGroup", gid, "low-group-id", sc => sc with { FsGroup = FixSession.Written(gid, sc, "fsGroup") });
        }
    }
}
