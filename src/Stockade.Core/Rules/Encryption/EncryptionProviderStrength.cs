using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Encryption;

/// <summary>Secrets encrypted with a provider weaker than KMS v2 or secretbox.</summary>
internal sealed class EncryptionProviderStrength : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "encryption-provider-strength",
        Title = "Secrets are encrypted with a weak or deprecated provider",
        Severity = Severity.Medium,
        Category = "encryption",
        Rationale = "Providers differ: kms v2 keeps the key in an external KMS and rotates data keys itself; secretbox " +
                    "(XSalsa20-Poly1305) and aesgcm keep the key in the configuration file on the control-plane node, " +
                    "aesgcm needing rotation every 200,000 writes; aescbc is vulnerable to padding-oracle attacks and " +
                    "no longer recommended; kms v1 is deprecated since Kubernetes 1.28 and off by default since 1.29.",
        Remediation = "Use kms with apiVersion v2; where no KMS is available, secretbox.",
        RemediationYaml = """
            providers:
              - kms:
                  apiVersion: v2
                  name: cloud-kms
                  endpoint: unix:///var/run/kms-plugin/socket.sock
            """,
        Fields =
        [
            new("EncryptionConfiguration resources[*].providers[0] (of the first entry covering secrets)", "aesgcm, secretbox, kms v2, identity (left to encryption-secrets-at-rest); aescbc is reported"),
            new("EncryptionConfiguration resources[*].providers[0].kms.apiVersion", "v2; v1 or undefined (v1) is reported"),
        ],
        References =
        [
            new("CIS", "1.2.29 Ensure that encryption providers are appropriately configured"),
            new("Kubernetes docs", "Encryption providers: strength", "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/#providers"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => SecretsProvider.IsEncryptionConfiguration(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        if (SecretsProvider.Read(obj) is not { } provider) return;
        var weakness = provider.Name switch
        {
            "aescbc" => "aescbc (AES-CBC with PKCS#7 padding: open to padding-oracle attacks, not recommended)",
            "kms" when provider.KmsApiVersion != "v2" => $"kms {provider.KmsApiVersion} (deprecated since 1.28, off by default since 1.29; use apiVersion: v2)",
            _ => null,
        };
        if (weakness != null) context.Report(provider.Position, provider.Path, $"EncryptionConfiguration: Secrets are encrypted with {weakness}");
    }
}
