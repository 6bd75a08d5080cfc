using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>
/// etcd listening without TLS client authentication: one check for its two listeners, the client
/// one (<c>--cert-file</c>, <c>--client-cert-auth</c>, <c>--auto-tls</c>) and the peer one (the
/// same flags with <c>peer-</c> in front), since etcd configures both the same way.
/// </summary>
internal sealed class EtcdTls : ControlPlaneRule
{
    /// <summary>The flag prefix of the listener (<c>""</c> or <c>"peer-"</c>) and what each failure means there.</summary>
    private readonly string _prefix;
    private readonly string _unencrypted;
    private readonly string _unauthenticated;
    private readonly string _selfSigned;

    private EtcdTls(Listener l)
    {
        _prefix = l.Prefix;
        _unencrypted = l.Unencrypted;
        _unauthenticated = l.Unauthenticated;
        _selfSigned = l.SelfSigned;
        var p = l.Prefix;
        Metadata = new()
        {
            Id = l.Id,
            Title = l.Title,
            Severity = l.Severity,
            Category = "control-plane",
            Rationale = l.Rationale,
            Remediation = $"Set --{p}cert-file, --{p}key-file, --{p}trusted-ca-file and --{p}client-cert-auth=true; leave --{p}auto-tls off.",
            RemediationYaml = $"""
                spec:
                  containers:
                    - name: etcd
                      command:
                        - etcd
                        - --{p}cert-file=/etc/kubernetes/pki/etcd/{l.Certificate}.crt
                        - --{p}key-file=/etc/kubernetes/pki/etcd/{l.Certificate}.key
                        - --{p}trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
                        - --{p}client-cert-auth=true
                """,
            References =
            [
                new("CIS", $"2.{l.FirstCisSection} Ensure that the --{p}cert-file and --{p}key-file arguments are set as appropriate"),
                new("CIS", $"2.{l.FirstCisSection + 1} Ensure that the --{p}client-cert-auth argument is set to true"),
                new("CIS", $"2.{l.FirstCisSection + 2} Ensure that the --{p}auto-tls argument is not set to true"),
            ],
            Fields =
            [
                new($"etcd --{p}cert-file, --{p}key-file", "set (no default)"),
                new($"etcd --{p}client-cert-auth", "true (default false)"),
                new($"etcd --{p}auto-tls", "false or unset (default false)"),
            ],
        };
    }

    /// <summary>What differs between the two listeners; the rest of the rule is the same text with the prefix.</summary>
    private sealed record Listener(
        string Id, string Title, Severity Severity, string Rationale, string Prefix, string Certificate, int FirstCisSection,
        string Unencrypted, string Unauthenticated, string SelfSigned);

    /// <summary><c>etcd-client-tls</c>: the listener the API server talks to.</summary>
    public static EtcdTls Client() => new(new Listener(
        "etcd-client-tls", "etcd serves clients without TLS client authentication", Severity.Critical,
        "etcd holds every object of the cluster. Without --cert-file and --key-file it serves clients in clear text; without --client-cert-auth=true (default false) anyone who reaches its port reads and writes everything, Secrets included; --auto-tls=true serves a self-signed certificate nobody can verify.",
        Prefix: "", Certificate: "server", FirstCisSection: 1,
        "clients are served without TLS", "clients are not authenticated", "serves clients a self-signed certificate"));

    /// <summary><c>etcd-peer-tls</c>: the listener etcd members replicate over.</summary>
    public static EtcdTls Peer() => new(new Listener(
        "etcd-peer-tls", "etcd peers talk without TLS client authentication", Severity.High,
        "etcd members replicate every write to each other. Without --peer-cert-file and --peer-key-file that traffic is clear text; without --peer-client-cert-auth=true (default false) anyone who reaches the peer port can join or impersonate a member; --peer-auto-tls=true uses self-signed certificates nobody verifies.",
        Prefix: "peer-", Certificate: "peer", FirstCisSection: 4,
        "peer traffic is not encrypted", "peers are not authenticated", "uses self-signed peer certificates"));

    public override RuleMetadata Metadata { get; }

    protected override IReadOnlyList<Component> Components { get; } = [Component.Etcd];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        foreach (var flag in new[] { _prefix + "cert-file", _prefix + "key-file" }.Where(f => !flags.Has(f)))
        {
            flags.Report(context, flag, $"etcd: --{flag} is not set (no default): {_unencrypted}");
        }
        var auth = _prefix + "client-cert-auth";
        if (flags.Bool(auth, fallback: false) != true)
        {
            flags.Report(context, auth, flags.Has(auth)
                ? $"etcd: --{auth}={flags.Get(auth)!.Value.Value}: {_unauthenticated}"
                : $"etcd: --{auth} is not set (default false): {_unauthenticated}");
        }
        var autoTls = _prefix + "auto-tls";
        if (flags.Bool(autoTls, fallback: false) == true)
        {
            flags.Report(context, autoTls, $"etcd: --{autoTls}=true {_selfSigned}");
        }
    }
}
