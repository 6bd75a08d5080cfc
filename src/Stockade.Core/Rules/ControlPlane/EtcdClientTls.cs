using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>etcd serves clients without TLS client authentication.</summary>
public sealed class EtcdClientTls : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "etcd-client-tls",
        Title = "etcd serves clients without TLS client authentication",
        Severity = Severity.Critical,
        Category = "control-plane",
        Rationale = "etcd holds every object of the cluster. Without --cert-file and --key-file it serves clients in clear text; without --client-cert-auth=true (default false) anyone who reaches its port reads and writes everything, Secrets included; --auto-tls=true serves a self-signed certificate nobody can verify.",
        Remediation = "Set --cert-file, --key-file, --trusted-ca-file and --client-cert-auth=true; leave --auto-tls off.",
        RemediationYaml = """
            spec:
              containers:
                - name: etcd
                  command:
                    - etcd
                    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
                    - --key-file=/etc/kubernetes/pki/etcd/server.key
                    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
                    - --client-cert-auth=true
            """,
        References =
        [
            new("CIS", "2.1 Ensure that the --cert-file and --key-file arguments are set as appropriate"),
            new("CIS", "2.2 Ensure that the --client-cert-auth argument is set to true"),
            new("CIS", "2.3 Ensure that the --auto-tls argument is not set to true"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.Etcd];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        foreach (var flag in new[] { "cert-file", "key-file" }.Where(f => !flags.Has(f)))
        {
            flags.Report(context, flag, $"etcd: --{flag} is not set (no default): clients are served without TLS");
        }
        if (flags.Bool("client-cert-auth", fallback: false) != true)
        {
            flags.Report(context, "client-cert-auth", flags.Has("client-cert-auth")
                ? $"etcd: --client-cert-auth={flags.Get("client-cert-auth")!.Value.Value}: clients are not authenticated"
                : "etcd: --client-cert-auth is not set (default false): clients are not authenticated");
        }
        if (flags.Bool("auto-tls", fallback: false) == true)
        {
            flags.Report(context, "auto-tls", "etcd: --auto-tls=true serves clients a self-signed certificate");
        }
    }
}
