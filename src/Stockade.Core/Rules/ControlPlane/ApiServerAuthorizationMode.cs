using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server authorization is not Node,RBAC.</summary>
internal sealed class ApiServerAuthorizationMode : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-authorization-mode",
        Title = "API server authorization is not Node,RBAC",
        Severity = Severity.Critical,
        Category = "control-plane",
        Rationale = "--authorization-mode defaults to AlwaysAllow: every authenticated request is allowed. Without RBAC, roles and bindings mean nothing; without Node, every kubelet can read every Secret and modify every node instead of only its own.",
        Remediation = "Set --authorization-mode=Node,RBAC (kubeadm's default) and never include AlwaysAllow.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --authorization-mode=Node,RBAC"),
        Fields =
        [
            new("kube-apiserver --authorization-mode", "a list that includes Node and RBAC and not AlwaysAllow (default AlwaysAllow); unset passes only when --authorization-config is set"),
        ],
        References =
        [
            new("CIS", "1.2.6 Ensure that the --authorization-mode argument is not set to AlwaysAllow"),
            new("CIS", "1.2.7 Ensure that the --authorization-mode argument includes Node"),
            new("CIS", "1.2.8 Ensure that the --authorization-mode argument includes RBAC"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (!flags.Has("authorization-mode"))
        {
            // Since 1.30 the modes can come from an AuthorizationConfiguration file instead; it is not read here.
            if (flags.Has("authorization-config")) return;
            flags.Report(context, "authorization-mode", "kube-apiserver: --authorization-mode is not set (default AlwaysAllow): every authenticated request is allowed");
            return;
        }
        var modes = flags.List("authorization-mode");
        if (modes.Contains("AlwaysAllow"))
        {
            flags.Report(context, "authorization-mode", $"kube-apiserver: --authorization-mode={string.Join(",", modes)} includes AlwaysAllow: every authenticated request is allowed once it is reached");
        }
        var missing = new[] { "Node", "RBAC" }.Where(m => !modes.Contains(m)).ToList();
        if (missing.Count > 0)
        {
            flags.Report(context, "authorization-mode", $"kube-apiserver: --authorization-mode={string.Join(",", modes)} does not include {string.Join(" or ", missing)}");
        }
    }
}
