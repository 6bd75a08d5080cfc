using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server admits Services with externalIPs.</summary>
internal sealed class ApiServerDenyServiceExternalIps : AdmissionPluginRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-deny-service-external-ips",
        Title = "API server admits Services with externalIPs",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "Whoever can create or update a Service can set spec.externalIPs to any address; kube-proxy on every node then sends traffic for that address to the Service's pods, intercepting traffic meant for other hosts (CVE-2020-8554, unfixed by design). The DenyServiceExternalIPs admission plugin rejects new externalIPs.",
        Remediation = "Add DenyServiceExternalIPs to --enable-admission-plugins; where externalIPs are needed, allow them through a policy (ValidatingAdmissionPolicy) that names the permitted addresses.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs"),
        Fields =
        [
            new("kube-apiserver --enable-admission-plugins, --disable-admission-plugins", "DenyServiceExternalIPs enabled and not disabled (off by default)"),
        ],
        References =
        [
            new("CIS", "1.2.3 Ensure that the DenyServiceExternalIPs is set"),
            new("Kubescape", "C-0283"),
            new("Kubescape", "C-0115"),
            new("Trivy", "KCV-0003"),
            new("CVE", "CVE-2020-8554", "https://github.com/kubernetes/kubernetes/issues/97076"),
        ],
    };

    protected override string Plugin => "DenyServiceExternalIPs";

    protected override string Consequence => "any Service writer can set externalIPs and intercept traffic to those addresses (CVE-2020-8554)";
}
