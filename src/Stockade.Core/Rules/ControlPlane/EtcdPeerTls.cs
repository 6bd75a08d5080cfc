using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>etcd peers talk without TLS client authentication.</summary>
public sealed class EtcdPeerTls : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "etcd-peer-tls",
        Title = "etcd peers talk without TLS client authentication",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "etcd members replicate every write to each other. Without --peer-cert-file and --peer-key-file that traffic is clear text; without --peer-client-cert-auth=true (default false) anyone who reaches the peer port can join or impersonate a member; --peer-auto-tls=true uses self-signed certificates nobody verifies.",
        Remediation = "Set --peer-cert-file, --peer-key-file, --peer-trusted-ca-file and --peer-client-cert-auth=true; leave --peer-auto-tls off.",
        RemediationYaml = """
            spec:
              containers:
                - name: etcd
                  command:
                    - etcd
                    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
                    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
                    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
                    - --peer-client-cert-auth=true
            """,
        References =
        [
            new("CIS", "2.4 Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate"),
            new("CIS", "2.5 Ensure that the --peer-client-cert-auth argument is set to true"),
            new("CIS", "2.6 Ensure that the --peer-auto-tls argument is not set to true"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.Etcd];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        foreach (var flag in new[] { "peer-cert-file", "peer-key-file" }.Where(f => !flags.Has(f)))
        {
            flags.Report(context, flag, $"etcd: --{flag} is not set (no default): peer traffic is not encrypted");
        }
        if (flags.Bool("peer-client-cert-auth", fallback: false) != true)
        {
            flags.Report(context, "peer-client-cert-auth", flags.Has("peer-client-cert-auth")
                ? $"etcd: --peer-client-cert-auth={flags.Get("peer-client-cert-auth")!.Value.Value}: peers are not authenticated"
                : "etcd: --peer-client-cert-auth is not set (default false): peers are not authenticated");
        }
        if (flags.Bool("peer-auto-tls", fallback: false) == true)
        {
            flags.Report(context, "peer-auto-tls", "etcd: --peer-auto-tls=true uses self-signed peer certificates");
        }
    }
}
