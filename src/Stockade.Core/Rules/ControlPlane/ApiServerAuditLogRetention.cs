using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server audit log rotation keeps too little.</summary>
internal sealed class ApiServerAuditLogRetention : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-audit-log-retention",
        Title = "API server audit log rotation keeps too little",
        Severity = Severity.Low,
        Category = "control-plane",
        Rationale = "An audit log is useful when it still holds the days before an incident is noticed. With --audit-log-maxage, --audit-log-maxbackup and --audit-log-maxsize unset (0), the log is never rotated and fills the disk, or is rotated by hand with no retention guarantee.",
        Remediation = "Keep at least 30 days, 10 rotated files of 100 MB each, or ship the log to central storage.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --audit-log-maxage=30",
            "- --audit-log-maxbackup=10",
            "- --audit-log-maxsize=100"),
        Fields =
        [
            new("kube-apiserver --audit-log-path", "read only to decide: unset or - (stdout) skips the rule"),
            new("kube-apiserver --audit-log-maxage", "an integer of at least 30 (default 0)"),
            new("kube-apiserver --audit-log-maxbackup", "an integer of at least 10 (default 0)"),
            new("kube-apiserver --audit-log-maxsize", "an integer of at least 100 (default 0)"),
        ],
        References =
        [
            new("CIS", "1.2.18 Ensure that the --audit-log-maxage argument is set to 30 or as appropriate"),
            new("CIS", "1.2.19 Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate"),
            new("CIS", "1.2.20 Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        // Retention only matters for a log file; "-" writes to stdout.
        if (flags.Get("audit-log-path") is not { } path || path.Value == "-") return;
        foreach (var (flag, minimum, unit) in new[] { ("audit-log-maxage", 30, "days"), ("audit-log-maxbackup", 10, "files"), ("audit-log-maxsize", 100, "MB") })
        {
            if (flags.Get(flag) is not { } f)
            {
                flags.Report(context, flag, $"kube-apiserver: --{flag} is not set (default 0, no limit or rotation); set at least {minimum} {unit}");
            }
            else if (!int.TryParse(f.Value, out var value) || value < minimum)
            {
                flags.Report(context, flag, $"kube-apiserver: --{flag}={f.Value} is below {minimum} {unit}");
            }
        }
    }
}
