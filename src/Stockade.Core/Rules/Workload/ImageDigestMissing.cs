using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container image not pinned by digest.</summary>
internal sealed class ImageDigestMissing : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "image-digest-missing",
        Title = "Image not pinned by digest",
        Severity = Severity.Low,
        EnabledByDefault = false, // Checkov and Kubescape count it; the others accept a version tag, and most charts publish tags
        Rationale = "A tag can be moved: whoever can push to the repository can make the same name run other code at the next " +
                    "pull. Only a digest (`@sha256:…`) names exactly the image that was built, scanned and signed. " +
                    "Off by default: Checkov (CKV_K8S_43) and Kubescape (C-0306) require digests, the other peers accept a " +
                    "fixed version tag (image-tag-mutable); enable it where images are promoted by digest.",
        Remediation = "Reference the image by digest (a tag may stay in front of it for readers).",
        RemediationYaml = """
            containers:
              - name: app
                image: registry.example.com/shop/app:1.4.2@sha256:4bf5c1d2e3a4b5c6d7e8f90123456789abcdef0123456789abcdef0123456789
            """,
        Fields =
        [
            new("spec.containers[*].image (and init and ephemeral containers)", "a reference with @sha256:… (or another digest)"),
        ],
        References =
        [
            new("Checkov", "CKV_K8S_43"),
            new("Kubescape", "C-0306 Images not pinned to digest"),
            new("Kubernetes docs", "Images: image names", "https://kubernetes.io/docs/concepts/containers/images/#image-names"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers.Where(c => c.Image.IsSet))
        {
            if (ImageReference.Parse(container.Image.Value).Digest != null) continue;
            context.Report(container.Image, $"container \"{container.DisplayName}\": image \"{container.Image.Value}\" is not pinned by digest", container);
        }
    }
}
