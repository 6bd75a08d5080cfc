using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Controller manager does not sign service-account tokens or publish the root CA.</summary>
internal sealed class ControllerManagerServiceAccountKeys : ControllerManagerRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "controller-manager-service-account-keys",
        Title = "Controller manager does not sign service-account tokens or publish the root CA",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "Without --service-account-private-key-file the controller manager cannot sign service-account tokens, and the key pair cannot be rotated apart from the API server's TLS key. Without --root-ca-file, pods get no CA bundle to verify the API server, and clients in pods skip verification or fail.",
        Remediation = "Set --service-account-private-key-file (kubeadm: /etc/kubernetes/pki/sa.key) and --root-ca-file (the cluster CA).",
        RemediationYaml = CommandYaml("kube-controller-manager",
            "- --service-account-private-key-file=/etc/kubernetes/pki/sa.key",
            "- --root-ca-file=/etc/kubernetes/pki/ca.crt"),
        Fields =
        [
            new("kube-controller-manager --service-account-private-key-file, --root-ca-file", "set (no default)"),
        ],
        References =
        [
            new("CIS", "1.3.4 Ensure that the --service-account-private-key-file argument is set as appropriate"),
            new("CIS", "1.3.5 Ensure that the --root-ca-file argument is set as appropriate"),
        ],
    };

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (!flags.Has("service-account-private-key-file"))
        {
            flags.Report(context, "service-account-private-key-file", "kube-controller-manager: --service-account-private-key-file is not set (no default): service-account tokens are not signed by a dedicated key");
        }
        if (!flags.Has("root-ca-file"))
        {
            flags.Report(context, "root-ca-file", "kube-controller-manager: --root-ca-file is not set (no default): pods get no CA bundle to verify the API server");
        }
    }
}
