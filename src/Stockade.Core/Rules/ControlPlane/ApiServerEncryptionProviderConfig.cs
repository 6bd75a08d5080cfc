using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server does not encrypt data at rest.</summary>
internal sealed class ApiServerEncryptionProviderConfig : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-encryption-provider-config",
        Title = "API server does not encrypt data at rest",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "Without --encryption-provider-config, Secrets are stored in etcd as plain base64: anyone with a copy of etcd's data directory or of an etcd backup reads every credential of the cluster.",
        Remediation = "Write an EncryptionConfiguration that encrypts secrets with a KMS v2 provider (or secretbox/aesgcm with managed keys) and pass it with --encryption-provider-config.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml"),
        Fields =
        [
            new("kube-apiserver --encryption-provider-config", "set (default: no encryption)"),
        ],
        References =
        [
            new("CIS", "1.2.28 Ensure that the --encryption-provider-config argument is set as appropriate"),
            new("Kubernetes docs", "Encrypting confidential data at rest", "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (!flags.Has("encryption-provider-config"))
        {
            flags.Report(context, "encryption-provider-config", "kube-apiserver: --encryption-provider-config is not set (default: no encryption): Secrets are stored in etcd unencrypted");
        }
    }
}
