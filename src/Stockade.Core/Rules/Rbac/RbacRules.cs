using Stockade.Engine;
using Stockade.Rules.Rbac;

namespace Stockade.Rules;

/// <summary>Rules on Roles, ClusterRoles and their bindings.</summary>
internal static class RbacRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new RbacClusterAdminBinding(),
        new RbacWildcard(),
        new RbacSecretsRead(),
        new RbacPodExec(),
        new RbacPodPortForward(),
        new RbacCreateWorkloads(),
        new RbacBindEscalate(),
        new RbacImpersonate(),
        new RbacNodesProxy(),
        new RbacServiceAccountToken(),
        new RbacCsrApproval(),
        new RbacWebhookConfigurations(),
        new RbacCreatePersistentVolumes(),
        new RbacBroadGroupSubject(),
        new RbacSystemMastersSubject(),
        new RbacDefaultServiceAccountBound(),
        new RbacBootstrapRoleRedefined(),
        new RbacSecretsWrite(),
        new RbacRoleWrite(),
        new RbacDeleteEvents(),
        new RbacDeleteResources(),
        new RbacConfigMapsWrite(),
        new RbacSensitiveConfigMapsWrite(),
        new RbacNetworkingWrite(),
        new WorkloadServiceAccountGrants(),
    ];
}
