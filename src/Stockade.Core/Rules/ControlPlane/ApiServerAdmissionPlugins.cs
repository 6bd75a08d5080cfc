using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server admission plugins miss NodeRestriction or admit everything.</summary>
internal sealed class ApiServerAdmissionPlugins : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-admission-plugins",
        Title = "API server admission plugins miss NodeRestriction or admit everything",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "NodeRestriction limits each kubelet to its own Node object and its own pods; without it, one compromised node can relabel other nodes to attract workloads and Secrets. AlwaysAdmit switches admission control off. ServiceAccount and NamespaceLifecycle, on by default, must not be disabled.",
        Remediation = "Add NodeRestriction to --enable-admission-plugins, remove AlwaysAdmit, and keep ServiceAccount and NamespaceLifecycle out of --disable-admission-plugins.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --enable-admission-plugins=NodeRestriction"),
        Fields =
        [
            new("kube-apiserver --enable-admission-plugins", "a list that includes NodeRestriction and not AlwaysAdmit"),
            new("kube-apiserver --disable-admission-plugins", "a list without ServiceAccount and NamespaceLifecycle"),
        ],
        References =
        [
            new("CIS", "1.2.10 Ensure that the admission control plugin AlwaysAdmit is not set"),
            new("CIS", "1.2.13 Ensure that the admission control plugin ServiceAccount is set"),
            new("CIS", "1.2.14 Ensure that the admission control plugin NamespaceLifecycle is set"),
            new("CIS", "1.2.15 Ensure that the admission control plugin NodeRestriction is set"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        var enabled = flags.List("enable-admission-plugins");
        var disabled = flags.List("disable-admission-plugins");
        if (!enabled.Contains("NodeRestriction"))
        {
            flags.Report(context, "enable-admission-plugins", flags.Has("enable-admission-plugins")
                ? $"kube-apiserver: --enable-admission-plugins={string.Join(",", enabled)} does not include NodeRestriction"
                : "kube-apiserver: --enable-admission-plugins is not set (NodeRestriction is not among the plugins on by default)");
        }
        if (enabled.Contains("AlwaysAdmit"))
        {
            flags.Report(context, "enable-admission-plugins", "kube-apiserver: --enable-admission-plugins includes AlwaysAdmit, which admits every request");
        }
        foreach (var plugin in new[] { "ServiceAccount", "NamespaceLifecycle" }.Where(disabled.Contains))
        {
            flags.Report(context, "disable-admission-plugins", $"kube-apiserver: --disable-admission-plugins turns off {plugin}");
        }
    }
}
