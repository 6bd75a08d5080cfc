using System.Text.RegularExpressions;

namespace Stockade.Engine;

/// <summary>Parameters rules read; every one can be set in <c>.stockade.yaml</c>.</summary>
public sealed record RuleSettings
{
    /// <summary>A UID at or below this is "low" (the recommendation is above 1000).</summary>
    public long UserIdAbove { get; init; } = 1000;

    /// <summary>A GID at or below this is "low" (the recommendation is above 3000).</summary>
    public long GroupIdAbove { get; init; } = 3000;

    /// <summary>Image references must fully match one of these, when any are given.</summary>
    public IReadOnlyList<Regex> AllowedRegistries { get; init; } = [];

    /// <summary>Capabilities (normalised: upper case, no <c>CAP_</c>) whose addition is dangerous.</summary>
    public IReadOnlySet<string> DangerousCapabilities { get; init; } = DefaultDangerousCapabilities;

    /// <summary>Capabilities that may be added without a finding.</summary>
    public IReadOnlySet<string> AllowedAddedCapabilities { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "NET_BIND_SERVICE" };

    public static readonly IReadOnlySet<string> DefaultDangerousCapabilities = new HashSet<string>(StringComparer.Ordinal)
    {
        "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",
        "DAC_READ_SEARCH", "DAC_OVERRIDE", "BPF", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",
        "LINUX_IMMUTABLE", "AUDIT_CONTROL", "SYS_RESOURCE", "CHECKPOINT_RESTORE", "SETFCAP", "SETPCAP", "NET_RAW",
    };

    public static readonly RuleSettings Default = new();
}
