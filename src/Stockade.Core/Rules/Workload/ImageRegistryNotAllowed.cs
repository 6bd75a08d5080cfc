using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// An image that matches none of the allowed-registry patterns (settings.allowedRegistries).
/// Does nothing until patterns are configured.
/// </summary>
internal sealed class ImageRegistryNotAllowed : PodRule
{
    public static readonly RuleParameter<IReadOnlyList<System.Text.RegularExpressions.Regex>> AllowedRegistries = RuleParameters.AnchoredPatterns(
        "allowedRegistries",
        "Each entry is a .NET regular expression anchored at both ends: an image reference must match one whole " +
        "(write dots as \\. and end with /.+ for anything in a registry). With none given the rule reports nothing.");

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "image-registry-not-allowed",
        Title = "Image from a registry that is not allowed",
        Severity = Severity.High,
        Rationale = "Images from arbitrary registries have not passed your scanning, signing and provenance " +
                    "checks; a typo-squatted or compromised public image runs with whatever access the pod has.",
        Remediation = "Pull the image through an allowed registry, or add the registry to settings.allowedRegistries " +
                      "in .stockade.yaml (regular expressions matched against the whole image reference).",
        RemediationYaml = """
            # .stockade.yaml
            settings:
              allowedRegistries:
                - 'registry\.example\.com/.*'
            """,
        Parameters = [AllowedRegistries],
        Fields =
        [
            new("spec.containers[*].image, spec.initContainers[*].image, spec.ephemeralContainers[*].image", "matching one whole pattern of settings.allowedRegistries; anything when none is configured; undefined / empty"),
        ],
        References =
        [
            new("NSA", "Kubernetes Hardening Guide: Use trusted repositories and image scanning"),
            new("CIS", "5.5.1 Configure Image Provenance using ImagePolicyWebhook admission controller"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var allowed = context.Settings.Get(AllowedRegistries);
        if (allowed.Count == 0) return;
        foreach (var container in pod.Spec.AllContainers)
        {
            var image = container.Image;
            if (!image.IsSet || image.Value.Length == 0) continue;
            if (allowed.Any(pattern => pattern.IsMatch(image.Value))) continue;
            context.Report(image, $"container \"{container.DisplayName}\" uses image {image.Value}, which matches no allowed registry", container);
        }
    }
}
