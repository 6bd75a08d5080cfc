using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>A UID or GID range (<c>min</c>..<c>max</c>, both inclusive) or a host port range.</summary>
internal sealed record PspRange(long Min, long Max, SourcePosition Position, string Path)
{
    public bool Contains(long id) => id >= Min && id <= Max;

    /// <summary>Printed as Go's <c>%v</c> printed a <c>policy.IDRange</c>: <c>{1 65535}</c>.</summary>
    public override string ToString() => $"{{{Min} {Max}}}";
}

/// <summary>A strategy with a rule name and ranges: runAsUser, runAsGroup, fsGroup, supplementalGroups.</summary>
internal sealed record PspIdStrategy(Field<string> Rule, IReadOnlyList<PspRange> Ranges)
{
    /// <summary>The rule, or <c>RunAsAny</c> when the strategy is absent (only runAsGroup may be).</summary>
    public string RuleName => Rule.IsSet ? Rule.Value : "RunAsAny";

    /// <summary>Go's <c>%v</c> of the ranges: <c>[{1 65535} {70000 80000}]</c>.</summary>
    public string RangesText => "[" + string.Join(" ", Ranges) + "]";

    public bool InRanges(long id) => Ranges.Any(r => r.Contains(id));

    /// <summary>False when the policy has no such strategy (only runAsGroup is optional; upstream's nil pointer).</summary>
    public bool IsWritten { get; init; } = true;

    /// <summary>The ranges as Go's <c>%#v</c> printed a <c>[]policy.IDRange</c> in a validation error.</summary>
    public string RangesGoSyntax => Ranges.Count == 0 ? "[]policy.IDRange(nil)"
        : "[]policy.IDRange{" + string.Join(", ", Ranges.Select(r => $"policy.IDRange{{Min:{r.Min}, Max:{r.Max}}}")) + "}";

    public static readonly PspIdStrategy Absent = new(default, []) { IsWritten = false };
}

/// <summary>SELinux options as a PSP names them.</summary>
internal sealed record PspSeLinuxOptions(string User, string Role, string Type, string Level);

/// <summary>An entry of <c>allowedHostPaths</c>.</summary>
internal sealed record PspHostPath(Field<string> PathPrefix, bool ReadOnly, SourcePosition Position, string Path);

/// <summary>
/// A PodSecurityPolicy (<c>policy/v1beta1</c> or <c>extensions/v1beta1</c>) as the API server stored
/// it after defaulting (<c>allowPrivilegeEscalation</c> true when absent), with where each field was
/// written so findings and validation errors can point at it.
/// </summary>
internal sealed class PspPolicy
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required SourcePosition Position { get; init; }
    public required string PathPrefix { get; init; }
    public Dictionary<string, Field<string>> Annotations { get; init; } = new();

    public Field<bool> Privileged { get; init; }
    public Field<bool> HostPID { get; init; }
    public Field<bool> HostIPC { get; init; }
    public Field<bool> HostNetwork { get; init; }
    public IReadOnlyList<PspRange> HostPorts { get; init; } = [];
    public IReadOnlyList<Field<string>> Volumes { get; init; } = [];
    public IReadOnlyList<PspHostPath> AllowedHostPaths { get; init; } = [];
    public IReadOnlyList<Field<string>> AllowedFlexVolumes { get; init; } = [];
    public IReadOnlyList<Field<string>> AllowedCSIDrivers { get; init; } = [];
    public Field<bool> ReadOnlyRootFilesystem { get; init; }

    /// <summary>Absent means true (the v1beta1 default).</summary>
    public Field<bool> AllowPrivilegeEscalation { get; init; }
    public Field<bool> DefaultAllowPrivilegeEscalation { get; init; }
    public IReadOnlyList<Field<string>> DefaultAddCapabilities { get; init; } = [];
    public IReadOnlyList<Field<string>> RequiredDropCapabilities { get; init; } = [];
    public IReadOnlyList<Field<string>> AllowedCapabilities { get; init; } = [];
    public IReadOnlyList<Field<string>> AllowedProcMountTypes { get; init; } = [];
    public IReadOnlyList<Field<string>> AllowedUnsafeSysctls { get; init; } = [];
    public IReadOnlyList<Field<string>> ForbiddenSysctls { get; init; } = [];

    public PspIdStrategy RunAsUser { get; init; } = PspIdStrategy.Absent;
    public PspIdStrategy RunAsGroup { get; init; } = PspIdStrategy.Absent;
    public PspIdStrategy FsGroup { get; init; } = PspIdStrategy.Absent;
    public PspIdStrategy SupplementalGroups { get; init; } = PspIdStrategy.Absent;

    public Field<string> SeLinuxRule { get; init; }
    public PspSeLinuxOptions? SeLinuxOptions { get; init; }

    /// <summary>Set when <c>runtimeClass</c> was written.</summary>
    public bool HasRuntimeClass { get; init; }
    public IReadOnlyList<Field<string>> AllowedRuntimeClassNames { get; init; } = [];
    public Field<string> DefaultRuntimeClassName { get; init; }

    /// <summary>Where the spec was written, for findings about the policy as a whole.</summary>
    public required string SpecPath { get; init; }

    public bool AllowsPrivilegeEscalation => !AllowPrivilegeEscalation.IsSet || AllowPrivilegeEscalation.Value;

    public string SeLinuxRuleName => SeLinuxRule.IsSet ? SeLinuxRule.Value : "";

    /// <summary>Where the policy was written: <c>file:line:col</c>.</summary>
    public string Location => $"{File}:{Position}";

    public override string ToString() => $"PodSecurityPolicy \"{Name}\" ({Location})";
}
