using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet runs containers without seccomp by default.</summary>
internal sealed class KubeletSeccompDefault : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-seccomp-default",
        Title = "Kubelet runs containers without seccomp by default",
        Severity = Severity.Medium,
        Category = "kubelet",
        Rationale = "With seccompDefault off (the default) every container that does not ask for a seccomp profile runs Unconfined: all syscalls, including the rarely needed ones most container escapes use. On, the runtime's default profile applies to them.",
        Remediation = "Set seccompDefault: true (stable since Kubernetes 1.27).",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            seccompDefault: true
            """,
        Fields =
        [
            new("KubeletConfiguration seccompDefault", "true (default false)"),
        ],
        References =
        [
            new("PSS", "restricted: Seccomp", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("Kubernetes docs", "Enable the use of RuntimeDefault as the default seccomp profile", "https://kubernetes.io/docs/tutorials/security/seccomp/#enable-the-use-of-runtimedefault-as-the-default-seccomp-profile-for-all-workloads"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var seccomp = config.Bool("seccompDefault");
        if (!seccomp.Is(true))
        {
            Report(context, config, seccomp, "seccompDefault", seccomp.IsSet
                ? "kubelet: seccompDefault is false: containers without a seccomp profile run Unconfined"
                : "kubelet: seccompDefault is not set (default false): containers without a seccomp profile run Unconfined");
        }
    }
}
