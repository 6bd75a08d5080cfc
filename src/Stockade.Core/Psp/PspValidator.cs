using System.Text.RegularExpressions;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>
/// Validates a policy as the Kubernetes 1.24 API server did (pkg/apis/policy/validation), plus the
/// checks the admission plugin made when building a policy's strategies (a <c>MustRunAs</c> without
/// ranges could be stored but never admitted anything). Messages are the API server's.
/// </summary>
internal static partial class PspValidator
{
    public static List<PspError> Validate(PspPolicy psp)
    {
        var errors = new List<PspError>();
        ValidateName(psp, errors);
        PspProfileAnnotationsValidator.Validate(psp, errors);
        var s = psp.SpecPath;
        IdStrategy(psp, psp.RunAsUser, "runAsUser", PspVocabulary.RunAsUserRules, required: true, errors);
        RunAsGroup(psp, errors);
        SeLinux(psp, errors);
        IdStrategy(psp, psp.SupplementalGroups, "supplementalGroups", PspVocabulary.GroupRules, required: true, errors);
        IdStrategy(psp, psp.FsGroup, "fsGroup", PspVocabulary.GroupRules, required: true, errors);
        Volumes(psp, errors);
        PspCapabilitiesValidator.Validate(psp, errors);
        if (psp.DefaultAllowPrivilegeEscalation.Is(true) && !psp.AllowsPrivilegeEscalation)
        {
            errors.Add(PspError.Invalid("allowPrivilegeEscalation", FieldPaths.Join(s, "defaultAllowPrivilegeEscalation"), psp.DefaultAllowPrivilegeEscalation.Position, true,
                "Cannot set DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true"));
        }
        ProcMountTypes(psp, errors);
        HostPaths(psp, errors);
        Drivers(psp, errors);
        PspSysctlValidator.Validate(psp, errors);
        PspRuntimeClassValidator.Validate(psp, errors);
        return errors;
    }

    private static void ValidateName(PspPolicy psp, List<PspError> errors)
    {
        var path = FieldPaths.Join(psp.PathPrefix, "metadata.name");
        if (psp.Name.Length == 0)
        {
            errors.Add(PspError.Required("metadata", path, psp.Position, "name or generateName is required"));
        }
        else if (!Dns1123Subdomain().IsMatch(psp.Name) || psp.Name.Length > 253)
        {
            errors.Add(PspError.Invalid("metadata", path, psp.Position, psp.Name,
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
    }

    private static void IdStrategy(PspPolicy psp, PspIdStrategy strategy, string key, string[] rules, bool required, List<PspError> errors)
    {
        var path = FieldPaths.Join(psp.SpecPath, key);
        var rule = strategy.Rule.IsSet ? strategy.Rule.Value : "";
        var at = strategy.Rule.IsSet ? strategy.Rule.Position : psp.Position;
        if (required && !rules.Contains(rule, StringComparer.Ordinal))
        {
            errors.Add(PspError.NotSupported(key, FieldPaths.Join(path, "rule"), at, rule, rules));
        }
        foreach (var r in strategy.Ranges)
        {
            if (r.Min < 0) errors.Add(PspError.Invalid(key, FieldPaths.Join(r.Path, "min"), r.Position, r.Min, "min cannot be negative"));
            if (r.Max < 0) errors.Add(PspError.Invalid(key, FieldPaths.Join(r.Path, "max"), r.Position, r.Max, "max cannot be negative"));
            if (r.Min > r.Max) errors.Add(PspError.Invalid(key, FieldPaths.Join(r.Path, "min"), r.Position, r.Min, "min cannot be greater than max"));
        }
        // The admission plugin could not build these strategies: the policy was stored but unusable.
        if (required && rule is "MustRunAs" or "MayRunAs" && strategy.Ranges.Count == 0)
        {
            var detail = key == "runAsUser" ? "MustRunAs requires at least one range" : $"ranges must be supplied for {rule}";
            errors.Add(PspError.Required(key, FieldPaths.Join(path, "ranges"), at, $"{detail} (the admission plugin cannot use this policy)"));
        }
    }

    /// <summary>
    /// As upstream's validatePSPRunAsGroup (a switch, unlike the other strategies): an absent
    /// strategy is fine; RunAsAny must have no ranges; MustRunAs/MayRunAs need one; any other rule
    /// (an empty one included) is unsupported, listed in upstream's unsorted order.
    /// </summary>
    private static void RunAsGroup(PspPolicy psp, List<PspError> errors)
    {
        var strategy = psp.RunAsGroup;
        if (!strategy.IsWritten) return;
        var path = FieldPaths.Join(psp.SpecPath, "runAsGroup");
        var at = strategy.Rule.IsSet ? strategy.Rule.Position : psp.Position;
        var rule = strategy.Rule.IsSet ? strategy.Rule.Value : "";
        switch (rule)
        {
            case "RunAsAny":
                if (strategy.Ranges.Count != 0) errors.Add(PspError.Invalid("runAsGroup", FieldPaths.Join(path, "ranges"), strategy.Ranges[0].Position, new GoSyntax(strategy.RangesGoSyntax), "Ranges must be empty"));
                break;
            case "MustRunAs" or "MayRunAs":
                if (strategy.Ranges.Count == 0) errors.Add(PspError.Invalid("runAsGroup", FieldPaths.Join(path, "ranges"), at, new GoSyntax(strategy.RangesGoSyntax), "must provide at least one range"));
                IdStrategy(psp, strategy, "runAsGroup", PspVocabulary.GroupRules, required: false, errors);
                break;
            default:
                errors.Add(PspError.NotSupported("runAsGroup", FieldPaths.Join(path, "rule"), at, rule, ["MustRunAs", "RunAsAny", "MayRunAs"]));
                break;
        }
    }

    private static void SeLinux(PspPolicy psp, List<PspError> errors)
    {
        var path = FieldPaths.Join(psp.SpecPath, "seLinux");
        var at = psp.SeLinuxRule.IsSet ? psp.SeLinuxRule.Position : psp.Position;
        if (!PspVocabulary.SeLinuxRules.Contains(psp.SeLinuxRuleName, StringComparer.Ordinal))
        {
            errors.Add(PspError.NotSupported("seLinux", FieldPaths.Join(path, "rule"), at, psp.SeLinuxRuleName, PspVocabulary.SeLinuxRules));
        }
        else if (psp.SeLinuxRuleName == "MustRunAs" && psp.SeLinuxOptions == null)
        {
            errors.Add(PspError.Required("seLinux", FieldPaths.Join(path, "seLinuxOptions"), at, "MustRunAs requires SELinuxOptions (the admission plugin cannot use this policy)"));
        }
    }

    private static void Volumes(PspPolicy psp, List<PspError> errors)
    {
        var supported = PspVocabulary.Sorted(PspVocabulary.FsTypes.Append(PspVocabulary.All)).ToList();
        foreach (var v in psp.Volumes)
        {
            if (!supported.Contains(v.Value, StringComparer.Ordinal))
            {
                errors.Add(PspError.NotSupported("volumes", FieldPaths.Join(psp.SpecPath, "volumes"), v.Position, v.Value, supported));
            }
        }
    }

    private static void ProcMountTypes(PspPolicy psp, List<PspError> errors)
    {
        foreach (var t in psp.AllowedProcMountTypes)
        {
            if (!PspVocabulary.ProcMountTypes.Contains(t.Value, StringComparer.Ordinal))
            {
                errors.Add(PspError.NotSupported("allowedProcMountTypes", t.Path, t.Position, t.Value, PspVocabulary.ProcMountTypes));
            }
        }
    }

    private static void HostPaths(PspPolicy psp, List<PspError> errors)
    {
        foreach (var h in psp.AllowedHostPaths)
        {
            if (!h.PathPrefix.IsSet || h.PathPrefix.Value.Length == 0)
            {
                errors.Add(PspError.Required("allowedHostPaths", h.Path, h.Position, "is required"));
                break; // upstream stops at the first missing prefix
            }
            if (h.PathPrefix.Value.Split('/').Contains(".."))
            {
                errors.Add(PspError.Invalid("allowedHostPaths", h.Path, h.PathPrefix.Position, h.PathPrefix.Value, "must not contain '..'"));
            }
        }
    }

    private static void Drivers(PspPolicy psp, List<PspError> errors)
    {
        for (var i = 0; i < psp.AllowedFlexVolumes.Count; i++)
        {
            var d = psp.AllowedFlexVolumes[i];
            if (d.Value.Length == 0)
            {
                // The API server's path repeats the list name; kept so the message matches.
                var path = $"{FieldPaths.Join(psp.SpecPath, "allowedFlexVolumes")}.allowedFlexVolumes[{i}].driver";
                errors.Add(PspError.Required("allowedFlexVolumes", path, d.Position, "must specify a driver"));
            }
        }
        for (var i = 0; i < psp.AllowedCSIDrivers.Count; i++)
        {
            var d = psp.AllowedCSIDrivers[i];
            var path = $"{FieldPaths.Join(psp.SpecPath, "allowedCSIDrivers")}.allowedCSIDriver[{i}].name";
            if (d.Value.Length == 0) errors.Add(PspError.Required("allowedCSIDrivers", path, d.Position, ""));
            else if (d.Value.Length > 63) errors.Add(new PspError("allowedCSIDrivers", path, d.Position, $"{path}: Too long: must have at most 63 bytes"));
            else if (!CsiDriverName().IsMatch(d.Value))
            {
                errors.Add(PspError.Invalid("allowedCSIDrivers", path, d.Position, d.Value,
                    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    internal static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-zA-Z0-9][-a-zA-Z0-9_.]{0,61}[a-zA-Z-0-9]$")]
    private static partial Regex CsiDriverName();
}
