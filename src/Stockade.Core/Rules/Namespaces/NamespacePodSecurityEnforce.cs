using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Namespaces;

/// <summary>A Namespace without a Pod Security admission <c>enforce</c> level (or enforcing <c>privileged</c>).</summary>
public sealed class NamespacePodSecurityEnforce : ObjectRule
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
                    "AdmissionConfiguration, which the manifests do not show.",
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
            new("Namespace metadata.labels['pod-security.kubernetes.io/enforce']", "\"baseline\", \"restricted\"; undefined, \"privileged\" and any other value are reported"),
        ],
        References =
        [
            new("PSS", "Pod Security admission: enforce label", "https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces"),
            new("CIS", "5.2.1 Ensure that the cluster has at least one active policy control mechanism in place"),
        ],
    };

    private const string Label = "pod-security.kubernetes.io/enforce";

    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "Namespace", ApiVersion: "v1" };

    public override void Check(KubeObject obj, RuleContext context)
    {
        if (!obj.Labels.TryGetValue(Label, out var level))
        {
            context.Report(obj.Position, obj.PathOf(""), $"Namespace \"{obj.Name.Value}\" has no {Label} label: Pod Security admission enforces nothing in it (unless a cluster default applies)");
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
