using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A workload that runs the Kubernetes Dashboard.</summary>
internal sealed class KubernetesDashboard : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubernetes-dashboard",
        Title = "Kubernetes Dashboard is deployed",
        Severity = Severity.Medium,
        Rationale = "The Dashboard is a web UI with its own ServiceAccount: installed with broad permissions or its login " +
                    "skippable (--enable-skip-login), as in well-known breaches, it hands the cluster to whoever reaches the " +
                    "page. It is also an archived project (2025) that receives no fixes. The rule reports containers running a " +
                    "Dashboard image (kubernetesui/dashboard*, …/kubernetes-dashboard*) and pods labelled k8s-app or app " +
                    "kubernetes-dashboard.",
        Remediation = "Remove the Dashboard; use kubectl or a maintained UI that signs users in with the cluster's own authentication and their own RBAC.",
        RemediationYaml = """
            # kubectl delete namespace kubernetes-dashboard
            """,
        Fields =
        [
            new("spec.containers[*].image (and init containers)", "not a Dashboard image"),
            new("the pod template's labels k8s-app, app", "not kubernetes-dashboard"),
        ],
        References =
        [
            new("Checkov", "CKV_K8S_33 Ensure the Kubernetes dashboard is not deployed"),
            new("Kubernetes docs", "Deploy and Access the Kubernetes Dashboard", "https://kubernetes.io/docs/tasks/access-application-cluster/web-ui-dashboard/"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers.Where(c => c.Image.IsSet))
        {
            var repository = ImageReference.Parse(container.Image.Value).Repository;
            var last = repository[(repository.LastIndexOf('/') + 1)..];
            if (repository.Contains("kubernetesui/dashboard", StringComparison.Ordinal) || last.StartsWith("kubernetes-dashboard", StringComparison.Ordinal))
            {
                context.Report(container.Image, $"container \"{container.DisplayName}\" runs the Kubernetes Dashboard (image \"{container.Image.Value}\")", container);
                return;
            }
        }
        foreach (var key in (string[])["k8s-app", "app"])
        {
            if (pod.PodLabels.TryGetValue(key, out var label) && label.Value == "kubernetes-dashboard")
            {
                context.Report(label, $"pod is labelled as the Kubernetes Dashboard ({key}=kubernetes-dashboard)");
                return;
            }
        }
    }
}
