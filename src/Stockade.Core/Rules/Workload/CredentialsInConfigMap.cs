using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules.Workload;

/// <summary>A ConfigMap that holds a credential (the matching is <see cref="Credentials"/>).</summary>
internal sealed class CredentialsInConfigMap : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "credentials-in-configmap",
        Title = "Credential stored in a ConfigMap",
        Severity = Severity.High,
        Rationale = "ConfigMaps are not Secrets: RBAC commonly grants read on them to many more subjects, they are not " +
                    "encrypted at rest by an EncryptionConfiguration that covers secrets, and they are printed by every " +
                    "`kubectl get -o yaml`. The rule reports a key whose name says it is a secret with a literal value, " +
                    "a value in a format only credentials have (private keys, cloud and forge tokens, a URL with a password), " +
                    "and a line of a configuration file in a value that assigns a literal to such a key (`password = …`, " +
                    "`token: …`); references (`${VAR}`), paths, booleans and numbers are not reported. " +
                    "False positives over examples/ and the Pod Security admission fixtures (4 ConfigMaps among 4,632 objects): 0, " +
                    "the 2 findings being the intended bad examples (see credentials-in-env for the command).",
        Remediation = "Move the credential into a Secret (and rotate it); reference it from the configuration file by an environment variable or a mounted file.",
        RemediationYaml = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: app-db
            stringData:
              password: "…"
            """,
        Fields =
        [
            new("ConfigMap data, binaryData keys", "no literal secret under a sensitive key, no credential-format value, no sensitive assignment in a file"),
        ],
        References =
        [
            new("Polaris", "sensitiveConfigmapContent"),
            new("Trivy", "KSV-01010 ConfigMap with sensitive content"),
            new("Trivy", "KSV-0109 ConfigMap with secrets"),
            new("Kubescape", "C-0012 Applications credentials in configuration files"),
            new("Kubernetes docs", "ConfigMaps: ConfigMap does not provide secrecy or encryption", "https://kubernetes.io/docs/concepts/configuration/configmap/"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "ConfigMap", ApiVersion: "v1" };

    public override void Check(KubeObject obj, RuleContext context)
    {
        var ctx = new DecodeContext(obj.Document.IsJson);
        var name = obj.Name.IsSet ? obj.Name.Value : "";
        foreach (var (key, value) in ctx.StringMap(obj.Root, "data", obj.PathPrefix))
        {
            if (Credentials.KnownFormat(value.Value) is { } what)
            {
                context.Report(value, $"ConfigMap \"{name}\" key {key} holds {what}");
            }
            else if (Credentials.IsSensitiveName(key) && !value.Value.Contains('\n') && Credentials.IsLiteralSecret(value.Value))
            {
                context.Report(value, $"ConfigMap \"{name}\" key {key} has a literal value; its name says it is a credential");
            }
            else if (Credentials.SensitiveAssignments(value.Value).FirstOrDefault() is { Key: { } assigned } hit)
            {
                context.Report(value, $"ConfigMap \"{name}\" key {key}: line {hit.Line + 1} assigns a literal value to {assigned}, which its name says is a credential");
            }
        }
    }
}
