using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A pod that mounts a service-account token. The API server's ServiceAccount admission decides
/// it in <c>shouldAutomount</c> (plugin/pkg/admission/serviceaccount/admission.go): the pod's
/// automountServiceAccountToken wins, else the ServiceAccount's, else true. The ServiceAccount is
/// read from the bundle when the host gathered it; static and mirror pods get no token.
/// </summary>
internal sealed class ServiceAccountTokenAutomount : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "service-account-token-automount",
        Title = "Service account token mounted",
        Severity = Severity.Medium,
        Rationale = "Every container of the pod gets a token for the Kubernetes API at " +
                    "/var/run/secrets/kubernetes.io/serviceaccount. Most applications never call the API; for them " +
                    "the token only helps an intruder, who can use whatever RBAC grants the service account. " +
                    "The API server mounts it unless the pod sets automountServiceAccountToken: false, or leaves it " +
                    "unset and its ServiceAccount sets false (the pod's field wins over the ServiceAccount's). When the " +
                    "ServiceAccount is among the scanned objects its setting is used; when it is not, the finding says " +
                    "so, and a pod naming a ServiceAccount that is not there is refused by the API server until it exists. " +
                    "Static pods (and their mirror pods) get no token: the rule does not fire on them.",
        Remediation = "Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount) unless the " +
                      "workload calls the Kubernetes API; then give it its own service account with the least RBAC it needs.",
        RemediationYaml = """
            spec:
              automountServiceAccountToken: false
            """,
        Fields =
        [
            new("spec.automountServiceAccountToken", "false; undefined when the pod's ServiceAccount among the scanned objects sets automountServiceAccountToken: false; static pods are not read"),
            new("spec.serviceAccountName", "names the ServiceAccount whose automountServiceAccountToken is read (undefined/empty: default)"),
        ],
        References =
        [
            new("CIS", "5.1.6 Ensure that Service Account Tokens are only mounted where necessary"),
            new("NSA", "Kubernetes Hardening Guide: Disable automatic mounting of service account tokens"),
            new("Kubernetes docs", "Opt out of API credential automounting", "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"),
            new("Kubernetes source", "plugin/pkg/admission/serviceaccount/admission.go: shouldAutomount, mirror pods", "https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/serviceaccount/admission.go"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        if (StaticPods.GetsNoToken(pod, context.Origin)) return;
        var automount = pod.Spec.AutomountServiceAccountToken;
        if (automount.Is(false)) return;

        var named = pod.Spec.ServiceAccountName is { IsSet: true, Value.Length: > 0 };
        var account = new AccountDependency(BundleFacts.NamespaceKey(pod.Object.Namespace), named ? pod.Spec.ServiceAccountName.Value : "default", named, automount.Is(true));
        // The message is written by Settle, once the ServiceAccount is known to be there or not.
        if (account.PodSetsTrue) context.ReportDepending(account, automount.Position, automount.Path, "");
        else context.ReportDepending(account, pod.Spec.Position, FieldPaths.Join(pod.Spec.Path, "automountServiceAccountToken"), "");
    }

    public override Finding? Settle(Finding draft, BundleDependency dependency, BundleFacts? bundle)
    {
        var (ns, name, named, podSetsTrue) = (AccountDependency)dependency;
        var account = bundle?.ServiceAccount(ns, name);
        // A named account the bundle lacks must exist in the cluster: ServiceAccount admission refuses the pod otherwise.
        var absent = bundle != null && account == null
            ? $"; ServiceAccount \"{name}\" is not among the scanned objects{(named ? " and must exist in the namespace, or the API server refuses the pods" : "")}"
            : "";

        if (podSetsTrue)
        {
            var overrides = account?.Automount == false ? $", which wins over ServiceAccount \"{name}\"'s automountServiceAccountToken: false ({account.File}:{account.Line})" : "";
            return draft with { Message = $"pod mounts a service account token (automountServiceAccountToken=true{overrides}){absent}" };
        }

        if (account?.Automount == false) return null;
        return draft with
        {
            Message = account != null
                ? $"pod mounts a service account token: automountServiceAccountToken is not set on the pod and ServiceAccount \"{name}\" ({account.File}:{account.Line}) {(account.Automount == true ? "sets it to true" : "does not set it (default true)")}"
                : $"pod mounts a service account token unless ServiceAccount \"{name}\" disables it (automountServiceAccountToken is not set on the pod; a ServiceAccount's default is true){absent}",
        };
    }

    /// <summary>The pod's ServiceAccount (namespace key and name), whether the pod named it, and whether the pod sets automounting to true.</summary>
    private sealed record AccountDependency(string Namespace, string Name, bool Named, bool PodSetsTrue) : BundleDependency
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write(Namespace);
            writer.Write(Name);
            writer.Write(Named);
            writer.Write(PodSetsTrue);
        }
    }

    public override BundleDependency ReadDependency(BinaryReader reader) =>
        new AccountDependency(reader.ReadString(), reader.ReadString(), reader.ReadBoolean(), reader.ReadBoolean());
}
