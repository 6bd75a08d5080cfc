using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A workload that runs Helm v2's Tiller server.</summary>
internal sealed class TillerDeployed : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "tiller-deployed",
        Title = "Helm v2 Tiller is deployed",
        Severity = Severity.High,
        Rationale = "Tiller, the in-cluster server of Helm 2 (unmaintained since 2020), installs charts with its own " +
                    "ServiceAccount, usually cluster-admin, and by default serves an unauthenticated gRPC API on port 44134 " +
                    "to every pod of the cluster: any pod can ask it to create anything. The rule reports containers whose " +
                    "image is Tiller's (…/tiller, as ghcr.io/helm/tiller and gcr.io/kubernetes-helm/tiller) and pods labelled " +
                    "app=helm, name=tiller as Helm 2 labels them.",
        Remediation = "Migrate to Helm 3 (no server component) and delete the Tiller Deployment and Service.",
        RemediationYaml = """
            # helm 3: no in-cluster component
            # kubectl -n kube-system delete deployment tiller-deploy service tiller-deploy
            """,
        Fields =
        [
            new("spec.containers[*].image (and init containers)", "not a tiller image"),
            new("the pod template's labels app, name", "not app=helm with name=tiller"),
        ],
        References =
        [
            new("Trivy", "KSV-0102 Tiller Is Deployed"),
            new("Checkov", "CKV_K8S_34 Ensure that Tiller (Helm v2) is not deployed"),
            new("Checkov", "CKV_K8S_45 Ensure the Tiller Deployment (Helm V2) is not accessible from within the cluster"),
            new("Helm docs", "Helm 3: removal of Tiller", "https://helm.sh/docs/faq/changes_since_helm2/#removal-of-tiller"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers.Where(c => c.Image.IsSet))
        {
            var repository = ImageReference.Parse(container.Image.Value).Repository;
            if (repository == "tiller" || repository.EndsWith("/tiller", StringComparison.Ordinal))
            {
                context.Report(container.Image, $"container \"{container.DisplayName}\" runs Helm v2 Tiller (image \"{container.Image.Value}\")", container);
                return;
            }
        }
        if (pod.PodLabels.TryGetValue("app", out var app) && app.Value == "helm" && pod.PodLabels.TryGetValue("name", out var name) && name.Value == "tiller")
        {
            context.Report(name, "pod is labelled as Helm v2 Tiller (app=helm, name=tiller)");
        }
    }
}
