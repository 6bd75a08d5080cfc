using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Encryption;

/// <summary>An EncryptionConfiguration under which Secrets are written to etcd unencrypted.</summary>
internal sealed class EncryptionSecretsAtRest : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "encryption-secrets-at-rest",
        Title = "Secrets are not encrypted at rest",
        Severity = Severity.High,
        Category = "encryption",
        Rationale = "The API server writes each resource with the first provider of the first entry that covers it. " +
                    "When no entry covers secrets (by name, \"*.\" or \"*.*\"), or that entry's first provider is " +
                    "identity, Secrets go to etcd in clear: every etcd backup and disk snapshot holds every credential.",
        Remediation = "Put an entry for secrets first, whose first provider is kms (apiVersion v2) or secretbox/aesgcm; " +
                      "keep identity only as a later provider while existing data is re-encrypted.",
        RemediationYaml = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: ["secrets"]
                providers:
                  - kms:
                      apiVersion: v2
                      name: cloud-kms
                      endpoint: unix:///var/run/kms-plugin/socket.sock
                  - identity: {}
            """,
        Fields =
        [
            new("EncryptionConfiguration resources[*].resources, resources[*].providers[0] (the first entry naming secrets, secrets., *. or *.*)", "a first provider other than identity; no entry covering secrets, or an empty provider list, is reported"),
        ],
        References =
        [
            new("CIS", "1.2.29 Ensure that encryption providers are appropriately configured"),
            new("Kubernetes docs", "Encrypting confidential data at rest", "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => SecretsProvider.IsEncryptionConfiguration(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var provider = SecretsProvider.Read(obj);
        if (provider == null)
        {
            context.Report(obj.Position, obj.PathOf("resources"), "EncryptionConfiguration: no entry covers secrets (\"secrets\", \"*.\" or \"*.*\"): Secrets are stored unencrypted");
        }
        else if (provider.Name is null or "identity")
        {
            context.Report(provider.Position, provider.Path, $"EncryptionConfiguration: the first provider for secrets ({provider.EntryPath}) is identity: Secrets are written unencrypted");
        }
    }
}
