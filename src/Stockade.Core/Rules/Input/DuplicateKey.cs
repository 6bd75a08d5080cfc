using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules.Input;

/// <summary>
/// A key written twice, or a key replaced by a later merge key: tools that keep the first value
/// (or apply YAML 1.1's "explicit keys win" merge rule) read a different object than the API
/// server, which keeps the last. That gap is a known way to slip a setting past a scanner.
/// </summary>
internal sealed class DuplicateKey : DocumentRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "duplicate-key",
        Title = "Key written twice in one mapping",
        Severity = Severity.High,
        Category = "input",
        Rationale = "When a key appears twice, the API server (through sigs.k8s.io/yaml) keeps the last value, " +
                    "and a merge key (<<) written after a key replaces it. Reviewers and other tools often read " +
                    "the first value, so a duplicate can hide a dangerous setting (`privileged: false` followed " +
                    "by `privileged: true`). Stockade evaluates the value the API server keeps and reports the duplicate.",
        Remediation = "Write each key once. Put merge keys (<<) before the keys that should override them.",
        RemediationYaml = """
            securityContext:
              <<: *defaults          # merge first
              privileged: false      # then the keys that override it, each once
            """,
        Fields =
        [
            new("every mapping key of the YAML document, merge keys (<<) and content after the document", "each key once, not overridden by a merge and no ignored content"),
        ],
        References =
        [
            new("Kubernetes docs", "Field validation: duplicate fields are rejected by strict validation", "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation"),
        ],
    };

    public override void Check(YamlDiagnostic diagnostic, KubeObject obj, RuleContext context)
    {
        if (diagnostic.Kind is DiagnosticKind.DuplicateKey or DiagnosticKind.MergeOverride or DiagnosticKind.IgnoredContent)
        {
            context.Report(diagnostic.Position, diagnostic.Key, diagnostic.Message);
        }
    }
}
