using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>
/// The API server's cross-field validation of security settings (k8s.io/kubernetes
/// pkg/apis/core/validation): combinations it refuses outright. A manifest that breaks one can
/// never be admitted, so it is an error for the object, not a finding.
/// </summary>
internal static class PodValidation
{
    public static void Validate(PodSpecModel spec, YMapping node, DecodeContext ctx)
    {
        var containers = node.TryGetEntry("containers", out var e) ? e.Value : null;
        if (containers is null or YScalar { Kind: ScalarKind.Null } or YSequence { Items.Count: 0 })
        {
            // validatePodSpec: `containers` is required and must not be empty (null, [] or missing alike).
            var path = FieldPaths.Join(spec.Path, "containers");
            var at = containers == null ? spec.Position : e.KeyPosition;
            ctx.Error(at, path, $"{path}: Required value: a pod needs at least one container; the API server rejects this object");
        }
        foreach (var c in spec.AllContainers)
        {
            var sc = c.SecurityContext;
            if (sc == null || !sc.AllowPrivilegeEscalation.Is(false)) continue;
            if (sc.Privileged.Is(true))
            {
                ctx.Error(sc.AllowPrivilegeEscalation.Position, sc.Path,
                    $"{sc.Path}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true; the API server rejects this object");
            }
            // The API server compares the exact string; runtimes then also accept other spellings.
            foreach (var add in sc.Capabilities?.Add ?? [])
            {
                if (add.Value == "CAP_SYS_ADMIN")
                {
                    ctx.Error(add.Position, sc.Path,
                        $"{sc.Path}: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN; the API server rejects this object");
                }
            }
        }
        if (spec.HostUsers.Is(false))
        {
            foreach (var (field, name) in new[] { (spec.HostNetwork, "hostNetwork"), (spec.HostPID, "hostPID"), (spec.HostIPC, "hostIPC") })
            {
                if (field.Is(true))
                {
                    ctx.Error(field.Position, field.Path, $"{field.Path}: when `hostUsers` is false, `{name}` must be false; the API server rejects this object");
                }
            }
        }
    }
}
