using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container image from the frozen <c>k8s.gcr.io</c> registry.</summary>
internal sealed class ImageRegistryDeprecated : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "image-registry-deprecated",
        Title = "Image from the frozen k8s.gcr.io registry",
        Severity = Severity.Low,
        Rationale = "k8s.gcr.io was frozen in April 2023 and now only redirects: it receives no new images, so an image " +
                    "named there gets no security fixes and a pinned version can never be updated in place; the project " +
                    "publishes to registry.k8s.io.",
        Remediation = "Replace k8s.gcr.io with registry.k8s.io (and move to a current version).",
        RemediationYaml = """
            containers:
              - name: coredns
                image: registry.k8s.io/coredns/coredns:v1.12.0
            """,
        Fields =
        [
            new("spec.containers[*].image (and init and ephemeral containers)", "not under k8s.gcr.io"),
        ],
        References =
        [
            new("Kubescape", "C-0253 Deprecated Kubernetes image registry"),
            new("Kubernetes blog", "k8s.gcr.io image registry is being redirected to registry.k8s.io", "https://kubernetes.io/blog/2023/03/10/image-registry-redirect/"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers.Where(c => c.Image.IsSet && c.Image.Value.StartsWith("k8s.gcr.io/", StringComparison.Ordinal)))
        {
            context.Report(container.Image, $"container \"{container.DisplayName}\": image \"{container.Image.Value}\" is from the frozen k8s.gcr.io registry", container);
        }
    }
}
