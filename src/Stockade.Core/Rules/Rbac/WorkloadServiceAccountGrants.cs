using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>
/// A workload whose pods hold, through their ServiceAccount's token, a grant that reaches other
/// workloads' credentials or the whole cluster: the RBAC findings joined to the workloads that can
/// use them. Judged once the whole input is read, from the one RBAC resolver (<see cref="RbacPolicy"/>).
/// </summary>
internal sealed class WorkloadServiceAccountGrants : InventoryRule
{
    // The grants an intruder in the pod can turn into other credentials or cluster-admin; each is
    // described by its own rule, so the wording and the matching are those of the role findings.
    private static readonly PermissionRule[] Dangerous =
    [
        new RbacSecretsRead(), new RbacSecretsWrite(), new RbacBindEscalate(), new RbacImpersonate(), new RbacNodesProxy(),
        new RbacServiceAccountToken(), new RbacCreateWorkloads(), new RbacPodExec(), new RbacCsrApproval(),
        new RbacWebhookConfigurations(), new RbacSensitiveConfigMapsWrite(), new RbacCreatePersistentVolumes(),
    ];

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "workload-service-account-grants",
        Title = "Workload runs with dangerous RBAC grants",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "A pod's containers hold its ServiceAccount's token, so whatever RBAC grants that ServiceAccount — by " +
                    "name, or through the groups system:serviceaccounts, system:serviceaccounts:NS and system:authenticated — " +
                    "is what an intruder in the pod gets: a Deployment whose account may read Secrets hands every credential " +
                    "of the namespace to whoever exploits it. The role rules report the grant where it is written; this rule " +
                    "reports it on the workloads that can use it, naming the binding and the role (scanned or built-in, " +
                    "aggregated ClusterRoles resolved). The ServiceAccount is spec.serviceAccountName (unset or empty: default). " +
                    "A workload whose pods mount no token is not reported: the pod's automountServiceAccountToken: false, or, " +
                    "when the pod leaves it unset, its scanned ServiceAccount's false (the pod's field wins) — unless the pod " +
                    "has a projected volume, which may carry a token anyway. Static pods have no ServiceAccount and are not read.",
        Remediation = "Give the workload its own ServiceAccount bound only to what it calls (get on named Secrets, never list or " +
                      "watch), or none and automountServiceAccountToken: false when it calls no API.",
        RemediationYaml = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: api-config
              namespace: shop
            rules:
              - apiGroups: [""]
                resources: ["configmaps"]
                resourceNames: ["api-settings"]
                verbs: ["get"]
            """,
        Fields =
        [
            new("the pod template's spec.serviceAccountName", "a ServiceAccount no binding among the scanned objects or the bootstrap policy gives cluster-admin-like rules, or the grants of " +
                string.Join(", ", Dangerous.Select(r => r.Metadata.Id))),
            new("the pod template's spec.automountServiceAccountToken, the ServiceAccount's automountServiceAccountToken", "false (the pod's wins; ignored when the pod has a projected volume)"),
            new("static pods", "not read"),
        ],
        References =
        [
            new("Kubescape", "C-0053 Access container service account"),
            new("Kubescape", "C-0267 Workload with cluster takeover roles"),
            new("Kubescape", "C-0272 Workload with administrative roles"),
            new("CIS", "5.1.2 Minimize access to secrets"),
            new("CIS", "5.1.6 Ensure that Service Account Tokens are only mounted where necessary"),
            new("Kubernetes docs", "RBAC: referring to subjects (service account users and groups)", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects"),
            new("Kubernetes source", "plugin/pkg/admission/serviceaccount/admission.go: shouldAutomount", "https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/serviceaccount/admission.go"),
        ],
    };

    public override void Check(Inventory inventory, InventoryContext context)
    {
        var policy = RbacPolicy.Of(inventory);
        var accounts = new Dictionary<(string, string), bool?>();
        foreach (var (entry, account) in inventory.With<ServiceAccountSummary>()) accounts.TryAdd((entry.Namespace ?? "", entry.Name), account.AutomountToken);

        foreach (var (workload, summary) in inventory.With<WorkloadSummary>())
        {
            if (summary.Static || workload.Rejected) continue;
            var ns = workload.Namespace ?? "";
            if (!MountsToken(summary, accounts.GetValueOrDefault((ns, summary.ServiceAccount)))) continue;

            var (user, groups) = RbacPolicy.ServiceAccount(ns, summary.ServiceAccount);
            var found = new List<string>();
            foreach (var binding in policy.BindingsTo(user, groups, ns))
            {
                var scope = binding.Kind == "RoleBinding" ? binding.Namespace : null;
                var grants = policy.Grants(binding.Role);
                var role = new RoleSummary(grants.Select(g => g.Rule).ToList());
                List<string> what = grants.Any(g => Rbac.IsAllWildcard(g.Rule))
                    ? ["has every permission (cluster-admin-like rule: * verbs on * resources of * groups)"]
                    : grants.SelectMany(g => Dangerous.Select(r => r.DescribeGrant(g.Rule, role, scope) is { } d ? $"{d} ({r.Metadata.Id})" : null))
                        .OfType<string>().Distinct().ToList();
                if (what.Count == 0) continue;
                found.Add($"{binding.Display} grants {binding.Role.Kind} \"{binding.Role.Name}\", which {string.Join("; ", what)}");
            }
            if (found.Count == 0) continue;
            context.Report(workload, $"{workload.Kind} \"{workload.Name}\" runs as ServiceAccount \"{(ns.Length > 0 ? ns + "/" : "")}{summary.ServiceAccount}\", " +
                                     $"and its pods hold the token: {string.Join("; ", found)}");
        }
    }

    /// <summary>shouldAutomount: the pod's field wins, else the ServiceAccount's, else true; a projected volume may mount a token regardless.</summary>
    private static bool MountsToken(WorkloadSummary workload, bool? account) =>
        workload.ProjectedVolume || (workload.AutomountToken ?? account ?? true);
}
