using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Namespaces;

/// <summary>A Namespace without a Pod Security admission <c>enforce</c> level (or enforcing <c>privileged</c>).</summary>
internal sealed class NamespacePodSecurityEnforce : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "namespace-pod-security-enforce",
        Title = "Namespace does not enforce a Pod Security Standard",
        Severity = Severity.Medium,
        Category = "namespace",
        Rationale = "Pod Security admission rejects pods that break a namespace's enforce level. Without the " +
                    "pod-security.kubernetes.io/enforce label (or with it set to privileged) the namespace admits " +
                    "privileged, host-namespace and hostPath pods — unless the cluster sets a default level in its " +
                    "AdmissionConfiguration, which the manifests do not show. The warn and audit labels alone only report " +
                    "violations: the pods are admitted.",
        Remediation = "Label the namespace with the level its workloads meet: restricted where possible, else baseline; " +
                      "pin the version so an upgrade does not change it.",
        RemediationYaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels:
                pod-security.kubernetes.io/enforce: restricted
                pod-security.kubernetes.io/enforce-version: v1.30
            """,
        Fields =
        [
            new("Namespace metadata.labels['pod-security.kubernetes.io/enforce']", "\"baseline\", \"restricted\"; undefined (with or without warn/audit labels), \"privileged\" and any other value are reported"),
        ],
        References =
        [
            new("PSS", "Pod Security admission: enforce label", "https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces"),
            new("CIS", "5.2.1 Ensure that the cluster has at least one active policy control mechanism in place"),
            new("Kubescape", "C-0068"),
        ],
    };

    private const string Label = "pod-security.kubernetes.io/enforce";

    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "Namespace", ApiVersion: "v1" };

    public override void Check(KubeObject obj, RuleContext context)
    {
        if (!obj.Labels.TryGetValue(Label, out var level))
        {
            // warn and audit labels without enforce are a common half-finished rollout: violations are shown or logged, never rejected.
            var only = new[] { ("warn", "shown to the client as warnings"), ("audit", "recorded in the audit log") }
                .Where(m => obj.Labels.ContainsKey($"pod-security.kubernetes.io/{m.Item1}")).ToList();
            context.Report(obj.Position, obj.PathOf(""), only.Count > 0
                ? $"Namespace \"{obj.Name.Value}\" has pod-security.kubernetes.io/{string.Join(" and ", only.Select(m => m.Item1))} but no {Label} label: violations are {string.Join(" and ", only.Select(m => m.Item2))}, and the pods are admitted (unless a cluster default applies)"
                : $"Namespace \"{obj.Name.Value}\" has no {Label} label: Pod Security admission enforces nothing in it (unless a cluster default applies)");
        }
        else if (level.Value == "privileged")
        {
            context.Report(level, $"Namespace \"{obj.Name.Value}\" enforces the privileged level: Pod Security admission admits any pod");
        }
        else if (level.Value is not ("baseline" or "restricted"))
        {
            // The admission plugin reads an unknown level as an error and falls back to the cluster default.
            context.Report(level, $"Namespace \"{obj.Name.Value}\" sets {Label} to \"{level.Value}\", which is not a level (privileged, baseline, restricted): the cluster default applies instead");
        }
    }
}
