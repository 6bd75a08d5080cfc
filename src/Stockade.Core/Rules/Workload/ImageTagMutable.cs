using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container image named by <c>:latest</c> or by no tag, without a digest.</summary>
internal sealed class ImageTagMutable : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "image-tag-mutable",
        Title = "Image tag is latest or missing",
        Severity = Severity.Medium,
        Rationale = "`:latest` (and no tag, which means latest) names whatever was pushed last: a node pulls a different " +
                    "image than the one reviewed and scanned, two replicas may run different code, and a compromised " +
                    "registry account changes what runs at the next restart. It is also impossible to tell from the manifest " +
                    "what is running. All seven peers count it (most as hygiene); on by default at Medium.",
        Remediation = "Name a specific version tag, or better a digest (see image-digest-missing).",
        RemediationYaml = """
            containers:
              - name: app
                image: registry.example.com/shop/app:1.4.2
            """,
        Fields =
        [
            new("spec.containers[*].image (and init and ephemeral containers)", "a tag other than latest, or a digest"),
        ],
        References =
        [
            new("kube-linter", "latest-tag"),
            new("Polaris", "tagNotSpecified"),
            new("kube-score", "container-image-tag"),
            new("Trivy", "KSV-0013 Image tag \":latest\" used"),
            new("Checkov", "CKV_K8S_14"),
            new("Kubernetes docs", "Images: image names", "https://kubernetes.io/docs/concepts/containers/images/#image-names"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers.Where(c => c.Image.IsSet))
        {
            var image = ImageReference.Parse(container.Image.Value);
            if (!image.IsMutableLatest) continue;
            var why = image.Tag == null ? "has no tag (latest is pulled)" : "uses the latest tag";
            context.Report(container.Image, $"container \"{container.DisplayName}\": image \"{container.Image.Value}\" {why}", container);
        }
    }
}
