using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A private image (the pod has imagePullSecrets) that the kubelet may start from its cache without checking the credentials.</summary>
internal sealed class ImagePullPolicyCached : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "image-pull-policy-cached",
        Title = "Private image may be used from the node's cache",
        Severity = Severity.Low,
        EnabledByDefault = false, // matters on nodes shared between tenants; the KubeletEnsureSecretPulledImages feature closes it on the node
        Rationale = "With imagePullPolicy IfNotPresent or Never the kubelet starts a container from an image already on the node " +
                    "without asking the registry, so any pod scheduled there can run a private image pulled earlier with " +
                    "another pod's imagePullSecrets — on nodes shared between teams, the registry's access control is " +
                    "bypassed. The rule reads pods that have imagePullSecrets (their images are private) and reports the " +
                    "containers whose policy, written or defaulted (IfNotPresent unless the tag is latest or missing), is not Always. " +
                    "Off by default: it matters on multi-tenant nodes, and the AlwaysPullImages admission plugin or the " +
                    "kubelet's KubeletEnsureSecretPulledImages feature (alpha in 1.33) enforce it for the cluster. " +
                    "kube-score and Polaris ask for Always on every image.",
        Remediation = "Set imagePullPolicy: Always on containers of private images (or enable AlwaysPullImages on the API server).",
        RemediationYaml = """
            containers:
              - name: app
                image: registry.example.com/shop/app:1.4.2
                imagePullPolicy: Always
            """,
        Fields =
        [
            new("spec.imagePullSecrets", "pods without are not read"),
            new("spec.containers[*].imagePullPolicy (and init and ephemeral containers)", "Always; undefined is Always only for a latest or missing tag without a digest"),
        ],
        References =
        [
            new("kube-score", "container-image-pull-policy"),
            new("Polaris", "pullPolicyNotAlways"),
            new("Kubescape", "C-0075 Image pull policy on latest tag"),
            new("CIS", "1.2.11 Ensure that the admission control plugin AlwaysPullImages is set"),
            new("Kubernetes docs", "Images: ensure image pull credential verification", "https://kubernetes.io/docs/concepts/containers/images/#ensureimagepullcredentialverification"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        if (pod.Spec.ImagePullSecrets.Count == 0) return;
        foreach (var container in pod.Spec.AllContainers.Where(c => c.Image.IsSet))
        {
            var policy = container.ImagePullPolicy;
            var effective = policy.IsSet ? policy.Value : ImageReference.Parse(container.Image.Value).DefaultPullPolicy;
            if (effective == "Always") continue;
            var message = $"container \"{container.DisplayName}\": private image \"{container.Image.Value}\" is pulled {(policy.IsSet ? "with" : "with the default")} imagePullPolicy {effective}, so other pods on the node can run it from the cache";
            if (policy.IsSet) context.Report(policy, message, container);
            else context.Report(container.Image, message, container);
        }
    }
}
