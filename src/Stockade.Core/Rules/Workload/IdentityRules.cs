using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Rules;

/// <summary>Identity, confinement, resources, service-account, image and scheduling rules.</summary>
internal static class IdentityRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new RunAsRoot(),
        new LowUserId(),
        new LowGroupId(),
        new WritableRootFilesystem(),
        new SeccompUnconfined(),
        new AppArmorUnconfined(),
        new SeLinuxCustomOptions(),
        new CpuRequestsMissing(),
        new MemoryRequestsMissing(),
        new CpuLimitsMissing(),
        new MemoryLimitsMissing(),
        new ServiceAccountTokenAutomount(),
        new SshdContainer(),
        new NoSchedulingConstraint(),
        new ImageRegistryNotAllowed(),
    ];
}
