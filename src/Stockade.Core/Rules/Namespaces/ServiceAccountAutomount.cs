using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Namespaces;

/// <summary>A ServiceAccount whose token is mounted into every pod that uses it.</summary>
internal sealed class ServiceAccountAutomount : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "serviceaccount-automount",
        Title = "ServiceAccount automounts its token",
        Severity = Severity.Low,
        Category = "namespace",
        Rationale = "Unless the ServiceAccount sets automountServiceAccountToken: false, every pod using it gets an API " +
                    "token mounted, whether or not it calls the API; code execution in any of those pods is the " +
                    "account's permissions. Pods that need the token can still ask for it in their spec.",
        Remediation = "Set automountServiceAccountToken: false on the ServiceAccount (the default one included) and " +
                      "opt in per pod where the API is used.",
        RemediationYaml = """
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: default
              namespace: shop
            automountServiceAccountToken: false
            """,
        Fields =
        [
            new("ServiceAccount automountServiceAccountToken", "false; undefined (default true) and true are reported"),
        ],
        References =
        [
            new("CIS", "5.1.6 Ensure that Service Account Tokens are only mounted where necessary"),
            new("CIS", "5.1.5 Ensure that default service accounts are not actively used"),
            new("Kubernetes docs", "Opt out of API credential automounting", "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "ServiceAccount", ApiVersion: "v1" };

    public override void Check(KubeObject obj, RuleContext context)
    {
        var automount = new DecodeContext(obj.Document.IsJson).Bool(obj.Root, "automountServiceAccountToken", obj.PathPrefix);
        if (automount.Is(false)) return;
        if (automount.IsSet) context.Report(automount, $"ServiceAccount \"{obj.Name.Value}\" sets automountServiceAccountToken: true");
        else context.Report(obj.Position, obj.PathOf("automountServiceAccountToken"), $"ServiceAccount \"{obj.Name.Value}\" does not set automountServiceAccountToken (default true): its token is mounted into every pod using it");
    }
}
