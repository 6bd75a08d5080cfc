using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Rules;

/// <summary>Secrets, credentials, images, identity and known-risky software in workloads.</summary>
internal static class ConfigurationRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new SecretEnvVar(),
        new CredentialsInEnv(),
        new CredentialsInConfigMap(),
        new ImageTagMutable(),
        new ImageDigestMissing(),
        new ImagePullPolicyCached(),
        new ImageRegistryDeprecated(),
        new DefaultServiceAccount(),
        new HostUsers(),
        new HostAliases(),
        new PrivilegedPort(),
        new EphemeralStorageLimitsMissing(),
        new SudoInEntrypoint(),
        new GitSyncGitBinary(),
        new TillerDeployed(),
        new KubernetesDashboard(),
    ];
}
