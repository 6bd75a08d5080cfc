using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A pod that runs as its namespace's <c>default</c> ServiceAccount.</summary>
internal sealed class DefaultServiceAccount : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "default-service-account",
        Title = "Pod runs as the default ServiceAccount",
        Severity = Severity.Low,
        Rationale = "Every pod of a namespace that names no ServiceAccount runs as `default`: a grant made to `default` for " +
                    "one workload is held by all of them, and the pod's API identity says nothing about which workload it is " +
                    "(audit logs and RBAC cannot tell them apart). A workload with its own ServiceAccount can be given exactly " +
                    "the permissions it needs, none when it calls no API. rbac-default-serviceaccount-bound reports the grants " +
                    "to `default`; this rule reports the pods using it. Static pods have no ServiceAccount and are not read. " +
                    "On by default at Low: CIS 5.1.5, kube-linter (off by default there) and kubesec count it.",
        Remediation = "Create a ServiceAccount per workload (with automountServiceAccountToken: false unless it calls the API) and name it in spec.serviceAccountName.",
        RemediationYaml = """
            spec:
              serviceAccountName: checkout
              automountServiceAccountToken: false
            """,
        Fields =
        [
            new("spec.serviceAccountName", "any name but default; undefined and empty mean default"),
            new("static pods", "not read"),
        ],
        References =
        [
            new("CIS", "5.1.5 Ensure that default service accounts are not actively used"),
            new("kube-linter", "default-service-account"),
            new("kubesec", "ServiceAccountName"),
            new("Kubernetes docs", "Service accounts: default service accounts", "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        if (StaticPods.IsStatic(pod, context.Origin)) return;
        var name = pod.Spec.ServiceAccountName;
        if (name is { IsSet: true, Value.Length: > 0 } && name.Value != "default") return;
        if (name.IsSet) context.Report(name, "pod runs as the namespace's default ServiceAccount (spec.serviceAccountName: default)");
        else context.Report(pod.Spec.Position, FieldPaths.Join(pod.Spec.Path, "serviceAccountName"), "pod names no ServiceAccount (spec.serviceAccountName unset), so it runs as the namespace's default one");
    }
}
