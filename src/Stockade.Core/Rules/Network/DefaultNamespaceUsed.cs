using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Network;

/// <summary>An object placed in the <c>default</c> namespace.</summary>
internal sealed class DefaultNamespaceUsed : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "default-namespace-used",
        Title = "Object placed in the default namespace",
        Severity = Severity.Low,
        Category = "network",
        Rationale = "Namespaces are the boundary RBAC, NetworkPolicies, ResourceQuotas and Pod Security levels are drawn on; " +
                    "`default` is where everything lands that names none, so workloads there share their grants, their " +
                    "network and the permissive Pod Security level of a namespace nobody owns. The rule reports namespaced " +
                    "objects whose metadata.namespace is `default`, except what Kubernetes creates there itself (the " +
                    "`kubernetes` Service, the default ServiceAccount, kube-root-ca.crt). An object with no namespace is not " +
                    "reported: it goes where it is applied (kubectl -n, a Helm release, a Kustomization), which the manifest does not say; " +
                    "kube-linter, Kubescape and Checkov report it too.",
        Remediation = "Create a namespace per application or team and set metadata.namespace (or deploy with -n) to it.",
        RemediationYaml = """
            metadata:
              name: api
              namespace: shop
            """,
        Fields =
        [
            new("metadata.namespace (namespaced kinds)", "any namespace but default; undefined is not judged"),
        ],
        References =
        [
            new("CIS", "5.7.4 The default namespace should not be used"),
            new("CIS", "5.7.1 Create administrative boundaries between resources using namespaces"),
            new("kube-linter", "use-namespace"),
            new("Trivy", "KSV-0110 Workloads in the default namespace"),
            new("Kubescape", "C-0061 Pods in default namespace"),
            new("Kubescape", "C-0212 The default namespace should not be used"),
            new("Kubescape", "C-0209 Create administrative boundaries between resources using namespaces"),
            new("Checkov", "CKV_K8S_21"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => NamespacePlacement.IsIn(obj, "default") && !NamespacePlacement.IsCreatedByKubernetes(obj, "default");

    public override void Check(KubeObject obj, RuleContext context) =>
        context.Report(obj.Namespace, $"{obj.Kind} \"{obj.Name.Value}\" is placed in the default namespace");
}
