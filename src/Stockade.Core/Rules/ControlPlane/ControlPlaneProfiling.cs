using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Control-plane component serves profiling data.</summary>
internal sealed class ControlPlaneProfiling : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "control-plane-profiling",
        Title = "Control-plane component serves profiling data",
        Severity = Severity.Low,
        Category = "control-plane",
        Rationale = "--profiling defaults to true: /debug/pprof exposes goroutine dumps, heap profiles and timings of the API server, controller manager or scheduler to anyone authorized for it, and profiling endpoints are a known denial-of-service surface.",
        Remediation = "Set --profiling=false on kube-apiserver, kube-controller-manager and kube-scheduler.",
        RemediationYaml = CommandYaml("kube-scheduler", "- --profiling=false"),
        Fields =
        [
            new("kube-apiserver, kube-controller-manager, kube-scheduler --profiling", "false (default true)"),
        ],
        References =
        [
            new("CIS", "1.2.16 Ensure that the --profiling argument is set to false (API server)"),
            new("CIS", "1.3.2 Ensure that the --profiling argument is set to false (controller manager)"),
            new("CIS", "1.4.1 Ensure that the --profiling argument is set to false (scheduler)"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer, Component.ControllerManager, Component.Scheduler];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Bool("profiling", fallback: true) == false) return;
        flags.Report(context, "profiling", flags.Has("profiling")
            ? $"{flags.ProgramName}: --profiling={flags.Get("profiling")!.Value.Value} serves /debug/pprof"
            : $"{flags.ProgramName}: --profiling is not set (default true): /debug/pprof is served");
    }
}
