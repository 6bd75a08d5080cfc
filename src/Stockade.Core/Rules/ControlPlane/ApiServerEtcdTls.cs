using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server talks to etcd without client certificate or CA.</summary>
internal sealed class ApiServerEtcdTls : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-etcd-tls",
        Title = "API server talks to etcd without client certificate or CA",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "etcd holds every object, Secrets included. Without --etcd-certfile and --etcd-keyfile the API server cannot authenticate to an etcd that requires client certificates (so etcd must accept anyone); without --etcd-cafile it does not verify it is talking to the real etcd.",
        Remediation = "Set --etcd-certfile, --etcd-keyfile and --etcd-cafile (kubeadm: apiserver-etcd-client.crt/.key and etcd/ca.crt).",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
            "- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
            "- --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key"),
        Fields =
        [
            new("kube-apiserver --etcd-certfile, --etcd-keyfile, --etcd-cafile", "set (no default)"),
        ],
        References =
        [
            new("CIS", "1.2.24 Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate"),
            new("CIS", "1.2.27 Ensure that the --etcd-cafile argument is set as appropriate"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        foreach (var (flag, what) in new[] { ("etcd-certfile", "presents no client certificate to etcd"), ("etcd-keyfile", "presents no client certificate to etcd"), ("etcd-cafile", "does not verify etcd's certificate") })
        {
            if (!flags.Has(flag)) flags.Report(context, flag, $"kube-apiserver: --{flag} is not set (no default): the API server {what}");
        }
    }
}
