using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// The default /proc masks must be kept (baseline): procMount must be unset or <c>Default</c>.
/// From v1.35 a pod in its own user namespace (<c>hostUsers: false</c>) may use any procMount,
/// since an unmasked /proc then exposes nothing of the host's.
/// Upstream: <c>policy/check_procMount_baseline.go</c>.
/// </summary>
internal sealed class ProcMount(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-proc-mount",
        Title = "Container unmasks /proc (PSS baseline: /proc Mount Type)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "The default /proc mount masks kernel interfaces (e.g. /proc/sys, /proc/sysrq-trigger) that let a " +
                    "process reconfigure or crash the node; an Unmasked /proc exposes them.",
        Remediation = "Remove securityContext.procMount (or set it to Default), or run the pod with hostUsers: false.",
        RemediationYaml = """
            securityContext:
              procMount: Default
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.procMount, spec.initContainers[*].securityContext.procMount", "undefined/null, \"Default\"; if \"hostUsers\": false, all values are allowed"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "/proc Mount Type"), new("PSP", "allowedProcMountTypes")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "procMount";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    // v1.0 ignores user namespaces: the relaxation was behind an alpha feature gate that was off by default.
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "procMount_1_0", DefaultOnly), new(V1(35), "procMount1_35baseline", Check_1_35)];

    private static Violation? Check_1_35(PodSubject pod) => UserNamespaces.Relaxed(pod) ? null : DefaultOnly(pod);

    /// <summary>Every container's procMount unset or Default; shared with the restricted control.</summary>
    internal static Violation? DefaultOnly(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        var types = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var procMount = c.SecurityContext?.ProcMount ?? default;
            if (!procMount.IsSet || procMount.Value == "Default") continue;
            bad.Add(NameOf(c));
            types.Add(procMount.Value);
            where.At(procMount, c);
        }
        return where.Found
            ? where.Violation("procMount", $"{Containers(bad)} must not set securityContext.procMount to {JoinQuote(SortedSet(types))}")
            : null;
    }
}
