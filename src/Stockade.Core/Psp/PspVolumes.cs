namespace Stockade.Psp;

/// <summary>
/// <c>volumes</c>, <c>allowedHostPaths</c>, <c>allowedFlexVolumes</c>, <c>allowedCSIDrivers</c>: every
/// volume's type must be listed (or <c>*</c>); a hostPath must match an allowed prefix, and every
/// container mounting a read-only-only path must mount it read-only; flexVolume and inline CSI
/// drivers must be listed when the policy lists any.
/// </summary>
public static class PspVolumes
{
    public static void Validate(PspPolicy psp, PspPod pod, List<PspError> errors)
    {
        var allowsAll = psp.Volumes.Any(v => v.Value == PspVocabulary.All);
        foreach (var v in pod.Volumes)
        {
            if (v.FsType == null)
            {
                errors.Add(PspError.Invalid("volumes", v.Path, v.Position, v.SourceKey ?? "", $"unknown volume type for volume \"{v.Name}\""));
                continue;
            }
            if (!allowsAll && !psp.Volumes.Any(a => a.Value == v.FsType))
            {
                errors.Add(PspError.Invalid("volumes", v.Path, v.Position, v.FsType, $"{v.FsType} volumes are not allowed to be used"));
                continue;
            }
            switch (v.FsType)
            {
                case "hostPath":
                    HostPath(psp, pod, v, errors);
                    break;
                case "flexVolume" when psp.AllowedFlexVolumes.Count > 0:
                    if (!psp.AllowedFlexVolumes.Any(d => d.Value == v.FlexDriver))
                    {
                        errors.Add(PspError.Invalid("allowedFlexVolumes", v.Path + ".flexVolume.driver", v.Position, v.FlexDriver ?? "", "Flexvolume driver is not allowed to be used"));
                    }
                    break;
                case "csi" when psp.AllowedCSIDrivers.Count > 0:
                    if (!psp.AllowedCSIDrivers.Any(d => d.Value == v.CsiDriver))
                    {
                        errors.Add(PspError.Invalid("allowedCSIDrivers", v.Path + ".csi.driver", v.Position, v.CsiDriver ?? "", "Inline CSI driver is not allowed to be used"));
                    }
                    break;
            }
        }
    }

    private static void HostPath(PspPolicy psp, PspPod pod, PspVolume v, List<PspError> errors)
    {
        var (allowed, mustBeReadOnly) = PspHostPathMatcher.Allows(psp, v.HostPath ?? "");
        if (!allowed)
        {
            errors.Add(PspError.Invalid("allowedHostPaths", v.Path + ".hostPath.pathPrefix", v.Position, v.HostPath ?? "", "is not allowed to be used"));
            return;
        }
        if (!mustBeReadOnly) return;
        foreach (var c in pod.Containers)
        {
            foreach (var m in c.Mounts)
            {
                if (m.Name == v.Name && !m.ReadOnly)
                {
                    errors.Add(PspError.Invalid("allowedHostPaths", m.Path, m.Position, false, "must be read-only", c.Name));
                }
            }
        }
    }
}
