using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// <c>volumes</c>, <c>allowedHostPaths</c>, <c>allowedFlexVolumes</c>, <c>allowedCSIDrivers</c>: every
/// volume's type must be listed (or <c>*</c>); a hostPath must match an allowed prefix, and every
/// container mounting a read-only-only path must mount it read-only; flexVolume and inline CSI
/// drivers must be listed when the policy lists any.
/// </summary>
internal static class PspVolumes
{
    public static void Validate(PspPolicy psp, PodSubject pod, List<PspError> errors)
    {
        var allowsAll = psp.Volumes.Any(v => v.Value == PspVocabulary.All);
        foreach (var v in pod.Spec.Volumes)
        {
            var name = PspPodFields.Text(v.Name);
            // The first source key decides the type, as the API server's validation allows only one.
            var key = v.SourceKeys.Count > 0 ? v.SourceKeys[0].Key : null;
            var at = v.SourceKeys.Count > 0 ? v.SourceKeys[0].Position : v.Position;
            var fsType = key == null ? null : PspVocabulary.FsTypeOfVolumeKey(key);
            if (fsType == null)
            {
                errors.Add(PspError.Invalid("volumes", v.Path, at, key ?? "", $"unknown volume type for volume \"{name}\""));
                continue;
            }
            if (!allowsAll && !psp.Volumes.Any(a => a.Value == fsType))
            {
                errors.Add(PspError.Invalid("volumes", v.Path, at, fsType, $"{fsType} volumes are not allowed to be used"));
                continue;
            }
            switch (fsType)
            {
                case "hostPath":
                    HostPath(psp, pod, v, name, at, errors);
                    break;
                case "flexVolume" when psp.AllowedFlexVolumes.Count > 0:
                    var flex = PspPodFields.Text(v.FlexVolumeDriver);
                    if (!psp.AllowedFlexVolumes.Any(d => d.Value == flex))
                    {
                        errors.Add(PspError.Invalid("allowedFlexVolumes", v.Path + ".flexVolume.driver", at, flex, "Flexvolume driver is not allowed to be used"));
                    }
                    break;
                case "csi" when psp.AllowedCSIDrivers.Count > 0:
                    var csi = PspPodFields.Text(v.CsiDriver);
                    if (!psp.AllowedCSIDrivers.Any(d => d.Value == csi))
                    {
                        errors.Add(PspError.Invalid("allowedCSIDrivers", v.Path + ".csi.driver", at, csi, "Inline CSI driver is not allowed to be used"));
                    }
                    break;
            }
        }
    }

    private static void HostPath(PspPolicy psp, PodSubject pod, VolumeModel v, string name, Yaml.SourcePosition at, List<PspError> errors)
    {
        var hostPath = v.HostPath is { HostPath.IsSet: true } hp ? hp.HostPath.Value : "";
        var (allowed, mustBeReadOnly) = PspHostPathMatcher.Allows(psp, hostPath);
        if (!allowed)
        {
            errors.Add(PspError.Invalid("allowedHostPaths", v.Path + ".hostPath.pathPrefix", at, hostPath, "is not allowed to be used"));
            return;
        }
        if (!mustBeReadOnly) return;
        foreach (var c in pod.Spec.AllContainers)
        {
            foreach (var m in c.VolumeMounts)
            {
                if (PspPodFields.Text(m.Name) == name && !m.ReadOnly.Is(true))
                {
                    errors.Add(PspError.Invalid("allowedHostPaths", FieldPaths.Join(m.Path, "readOnly"), m.ReadOnly.IsSet ? m.ReadOnly.Position : m.Position, false, "must be read-only", c.PspName()));
                }
            }
        }
    }
}
