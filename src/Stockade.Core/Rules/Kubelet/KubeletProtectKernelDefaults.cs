using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet lets pods change kernel defaults.</summary>
internal sealed class KubeletProtectKernelDefaults : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-protect-kernel-defaults",
        Title = "Kubelet lets pods change kernel defaults",
        Severity = Severity.Low,
        Category = "kubelet",
        Rationale = "With protectKernelDefaults off (the default) the kubelet tunes kernel parameters (vm.overcommit_memory, kernel.panic…) to its liking instead of failing when the node's hardened values differ, silently undoing the node's sysctl hardening.",
        Remediation = "Set protectKernelDefaults: true and set the kernel parameters the kubelet expects in the node's sysctl configuration.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            protectKernelDefaults: true
            """,
        Fields =
        [
            new("KubeletConfiguration protectKernelDefaults", "true (default false)"),
        ],
        References =
        [
            new("CIS", "4.2.6 Ensure that the --protect-kernel-defaults argument is set to true (earlier Benchmark versions; not in v1.8)"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var protect = config.Bool("protectKernelDefaults");
        if (!protect.Is(true))
        {
            Report(context, config, protect, "protectKernelDefaults", protect.IsSet
                ? "kubelet: protectKernelDefaults is false: the kubelet overrides the node's kernel settings"
                : "kubelet: protectKernelDefaults is not set (default false): the kubelet overrides the node's kernel settings");
        }
    }
}
