using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server does not write an audit log with a policy.</summary>
internal sealed class ApiServerAuditLog : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-audit-log",
        Title = "API server does not write an audit log with a policy",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "Without --audit-log-path (or a webhook backend) the API server records nothing of who did what; without --audit-policy-file it records no events even when a path is set. An intrusion then leaves no trace in the cluster.",
        Remediation = "Set --audit-log-path and --audit-policy-file (a Policy that logs Secrets at Metadata level and everything else at least at Metadata), and mount both paths into the static pod.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --audit-log-path=/var/log/kubernetes/audit/audit.log",
            "- --audit-policy-file=/etc/kubernetes/audit-policy.yaml"),
        Fields =
        [
            new("kube-apiserver --audit-log-path, --audit-webhook-config-file", "at least one set (default: no audit backend)"),
            new("kube-apiserver --audit-policy-file", "set (default: no policy)"),
        ],
        References =
        [
            new("CIS", "1.2.17 Ensure that the --audit-log-path argument is set"),
            new("CIS", "3.2.1 Ensure that a minimal audit policy is created"),
            new("Kubernetes docs", "Auditing", "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        var logs = flags.Has("audit-log-path") || flags.Has("audit-webhook-config-file");
        if (!logs)
        {
            flags.Report(context, "audit-log-path", "kube-apiserver: neither --audit-log-path nor --audit-webhook-config-file is set (default: no audit backend): requests are not audited");
        }
        if (!flags.Has("audit-policy-file"))
        {
            flags.Report(context, "audit-policy-file", "kube-apiserver: --audit-policy-file is not set (default: no policy): no audit events are recorded");
        }
    }
}
