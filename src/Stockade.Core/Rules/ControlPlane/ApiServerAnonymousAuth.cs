using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server accepts anonymous requests.</summary>
internal sealed class ApiServerAnonymousAuth : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-anonymous-auth",
        Title = "API server accepts anonymous requests",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "With --anonymous-auth left at its default (true), requests without credentials are served as system:anonymous. Any RBAC binding to that user or to system:unauthenticated, and every unauthenticated endpoint, is open to anyone who reaches the API server.",
        Remediation = "Set --anonymous-auth=false (health checks can use an authenticated probe, or /livez with a dedicated AuthenticationConfiguration on 1.32+).",
        RemediationYaml = CommandYaml("kube-apiserver", "- --anonymous-auth=false"),
        Fields =
        [
            new("kube-apiserver --anonymous-auth", "false (default true)"),
        ],
        References =
        [
            new("CIS", "1.2.1 Ensure that the --anonymous-auth argument is set to false"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        switch (flags.Bool("anonymous-auth", fallback: true))
        {
            case true when !flags.Has("anonymous-auth"):
                flags.Report(context, "anonymous-auth", "kube-apiserver: --anonymous-auth is not set (default true): anonymous requests are served as system:anonymous");
                break;
            case true:
                flags.Report(context, "anonymous-auth", "kube-apiserver: --anonymous-auth=true serves anonymous requests as system:anonymous");
                break;
            case null:
                flags.Report(context, "anonymous-auth", $"kube-apiserver: --anonymous-auth={flags.Get("anonymous-auth")!.Value.Value} is not a boolean: the API server will not start");
                break;
        }
    }
}
