using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet certificates are not rotated.</summary>
internal sealed class KubeletCertificateRotation : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-certificate-rotation",
        Title = "Kubelet certificates are not rotated",
        Severity = Severity.Medium,
        Category = "kubelet",
        Rationale = "With rotateCertificates off (the default) the kubelet's client certificate is never renewed and, once stolen, stays valid until it expires. Without serverTLSBootstrap (also off by default) or a tlsCertFile, the kubelet serves a self-signed certificate the API server cannot verify.",
        Remediation = "Set rotateCertificates: true and serverTLSBootstrap: true (and approve kubelet-serving CSRs), or provision tlsCertFile/tlsPrivateKeyFile.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            rotateCertificates: true
            serverTLSBootstrap: true
            """,
        Fields =
        [
            new("KubeletConfiguration rotateCertificates", "true (default false)"),
            new("KubeletConfiguration featureGates.RotateKubeletServerCertificate", "true or unset"),
            new("KubeletConfiguration serverTLSBootstrap, tlsCertFile", "serverTLSBootstrap true, or tlsCertFile set"),
        ],
        References =
        [
            new("CIS", "4.2.10 Ensure that the --rotate-certificates argument is not set to false"),
            new("CIS", "4.2.11 Verify that the RotateKubeletServerCertificate argument is set to true"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var rotate = config.Bool("rotateCertificates");
        if (!rotate.Is(true))
        {
            Report(context, config, rotate, "rotateCertificates", rotate.IsSet
                ? "kubelet: rotateCertificates is false: the client certificate is never renewed"
                : "kubelet: rotateCertificates is not set (default false): the client certificate is never renewed");
        }
        var bootstrap = config.Bool("serverTLSBootstrap");
        var gate = config.Bool("featureGates.RotateKubeletServerCertificate");
        if (gate.Is(false))
        {
            context.Report(gate, "kubelet: featureGates.RotateKubeletServerCertificate is false: the serving certificate is not requested from the cluster CA");
        }
        else if (!bootstrap.Is(true) && !config.String("tlsCertFile").IsSet)
        {
            Report(context, config, bootstrap, "serverTLSBootstrap", "kubelet: neither serverTLSBootstrap nor tlsCertFile is set (default: a self-signed serving certificate)");
        }
    }
}
