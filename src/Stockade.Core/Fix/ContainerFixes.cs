using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Fix;

/// <summary>The container-only settings: each is written on the container that has the finding.</summary>
internal static class ContainerFixes
{
    public static void Privileged(FixSession s)
    {
        foreach (var c in s.Pod.Spec.AllContainers)
        {
            var rule = s.Targets.RuleFor(c.DisplayName, "privileged-container", "pss-privileged");
            if (rule == null || !s.Pod.Effective(c).Privileged.Is(true)) continue;
            s.SetContainer(c, "privileged", false, rule, sc => sc with { Privileged = FixSession.Written(false, sc, "privileged") });
        }
    }

    public static void NoPrivilegeEscalation(FixSession s)
    {
        foreach (var c0 in s.Pod.Spec.AllContainers)
        {
            var c = s.Current(c0);
            var rule = s.Targets.RuleFor(c.DisplayName, "privilege-escalation-allowed", "pss-allow-privilege-escalation");
            var e = s.Pod.Effective(c);
            if (rule == null || e.AllowPrivilegeEscalation.Is(false)) continue;
            // The API server rejects allowPrivilegeEscalation=false beside privileged=true or an added
            // CAP_SYS_ADMIN (validation.go); such a container keeps its finding.
            if (e.Privileged.Is(true) || (e.Capabilities?.Add ?? []).Any(a => a.Value == "CAP_SYS_ADMIN")) continue;
            s.SetContainer(c, "allowPrivilegeEscalation", false, rule, sc => sc with { AllowPrivilegeEscalation = FixSession.Written(false, sc, "allowPrivilegeEscalation") });
        }
    }

    public static void ProcMount(FixSession s)
    {
        foreach (var c in s.Pod.Spec.AllContainers)
        {
            var rule = s.Targets.RuleFor(c.DisplayName, "unmasked-procmount", "pss-proc-mount", "pss-proc-mount-restricted");
            var procMount = s.Pod.Effective(c).ProcMount;
            if (rule == null || !procMount.IsSet || procMount.Value == "Default") continue;
            s.SetContainer(c, "procMount", "Default", rule, sc => sc with { ProcMount = FixSession.Written("Default", sc, "procMount") });
        }
    }

    /// <summary>
    /// <c>capabilities.drop</c> gains ALL (what it drops already stays); <c>capabilities.add</c> is
    /// kept: the workload names what it needs, and removing it is not a safe guess.
    /// </summary>
    public static void DropAll(FixSession s)
    {
        if (s.Pod.Spec.IsWindows) return;
        foreach (var c in s.Pod.Spec.AllContainers)
        {
            var rule = s.Targets.RuleFor(c.DisplayName, "capabilities-drop-all", "pss-capabilities-restricted", "net-raw-not-dropped");
            var caps = s.Pod.Effective(c).Capabilities;
            if (rule == null || (caps != null && Capabilities.Drops(caps.Drop, "ALL"))) continue;
            // NET_RAW added back is granted whatever is dropped: drop ALL fixes nothing there.
            if (rule == "net-raw-not-dropped" && caps != null && Capabilities.Adds(caps.Add, "NET_RAW")) continue;
            var drop = new JsonArray([.. (caps?.Drop ?? []).Select(d => (JsonNode?)JsonValue.Create(d.Value)), JsonValue.Create("ALL")]);
            s.SetContainer(c, "capabilities/drop", drop, rule, sc =>
            {
                var model = sc.Capabilities ?? new CapabilitiesModel { Path = FieldPaths.Join(sc.Path, "capabilities"), Position = sc.Position };
                return sc with { Capabilities = model with { Drop = [.. model.Drop, new Field<string>("ALL", model.Position, FieldPaths.Join(model.Path, "drop"), $"[{model.Drop.Count}]")] } };
            });
        }
    }

    public static void ReadOnlyRoot(FixSession s)
    {
        if (s.Pod.Spec.IsWindows) return;
        string? tmpVolume = null;
        foreach (var c in s.Pod.Spec.AllContainers)
        {
            var rule = s.Targets.RuleFor(c.DisplayName, "writable-root-filesystem");
            if (rule == null || s.Pod.Effective(c).ReadOnlyRootFilesystem.Is(true)) continue;
            s.SetContainer(c, "readOnlyRootFilesystem", true, rule, sc => sc with { ReadOnlyRootFilesystem = FixSession.Written(true, sc, "readOnlyRootFilesystem") });
            if (s.Options.TmpEmptyDir && !c.VolumeMounts.Any(m => m.MountPath.Is("/tmp"))) MountTmp(s, s.Current(c), rule, ref tmpVolume);
        }
    }

    /// <summary>An emptyDir volume (one per pod, named tmp unless taken) mounted at /tmp.</summary>
    private static void MountTmp(FixSession s, ContainerModel c, string rule, ref string? volume)
    {
        if (volume == null)
        {
            var names = s.Pod.Spec.Volumes.Where(v => v.Name.IsSet).Select(v => v.Name.Value).ToHashSet(StringComparer.Ordinal);
            volume = "tmp";
            for (var i = 2; names.Contains(volume); i++) volume = $"tmp-{i}";
            var index = s.Pod.Spec.Volumes.Count;
            var name = volume;
            s.SetSpec($"/volumes/{index}", new JsonObject { ["name"] = name, ["emptyDir"] = new JsonObject() }, rule, $"pod: volume \"{name}\" (emptyDir) for /tmp", spec => spec with
            {
                Volumes = [.. spec.Volumes, new VolumeModel
                {
                    Path = FieldPaths.Index(FieldPaths.Join(spec.Path, "volumes"), index), Position = spec.Position, Index = index,
                    Name = new Field<string>(name, spec.Position, FieldPaths.Index(FieldPaths.Join(spec.Path, "volumes"), index), "name"),
                    SourceKeys = [("emptyDir", spec.Position)],
                }],
            });
        }
        var mountIndex = c.VolumeMounts.Count;
        var mountPath = FieldPaths.Index(FieldPaths.Join(c.Path, "volumeMounts"), mountIndex);
        var vol = volume;
        s.Changes.Add(new FixChange(PspChanges.PointerOf(c.Path) + $"/volumeMounts/{mountIndex}", new JsonObject { ["name"] = vol, ["mountPath"] = "/tmp" }, rule, $"container \"{c.DisplayName}\": emptyDir \"{vol}\" mounted at /tmp", Container: c.DisplayName));
        var mounted = c with
        {
            VolumeMounts = [.. c.VolumeMounts, new VolumeMountModel
            {
                Path = mountPath, Position = c.Position,
                Name = new Field<string>(vol, c.Position, mountPath, "name"),
                MountPath = new Field<string>("/tmp", c.Position, mountPath, "mountPath"),
            }],
        };
        s.Replace(s.Pod.WithContainer(mounted));
    }

    /// <summary>Each hostPath mount with a finding becomes <c>readOnly: true</c>; the hostPath itself stays (only its owner knows whether it is needed).</summary>
    public static void HostPathReadOnly(FixSession s)
    {
        foreach (var c in s.Pod.Spec.AllContainers)
        {
            foreach (var m in c.VolumeMounts)
            {
                var rule = s.Targets.RuleAt(m.Path, "host-path-writable");
                if (rule == null || m.ReadOnly.Is(true)) continue;
                s.Changes.Add(new FixChange(PspChanges.PointerOf(m.Path) + "/readOnly", true, rule, $"container \"{c.DisplayName}\": volumeMounts \"{(m.Name.IsSet ? m.Name.Value : "")}\" readOnly=true", Container: c.DisplayName));
                var current = s.Current(c);
                s.Replace(s.Pod.WithContainer(current with
                {
                    VolumeMounts = [.. current.VolumeMounts.Select(x => x.Path == m.Path ? x with { ReadOnly = new Field<bool>(true, x.Position, x.Path, "readOnly") } : x)],
                }));
            }
        }
    }
}
