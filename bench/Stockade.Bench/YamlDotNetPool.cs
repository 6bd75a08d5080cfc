using System.Reflection;
using YamlDotNet.Core;

namespace Stockade.Bench;

/// <summary>
/// The experiment behind docs/benchmarks.md's two-thread figures (issue 17), bench-only:
/// YamlDotNet 18's scanner rents four <c>StringBuilder</c>s for every scalar (value, whitespace,
/// leading and trailing breaks) from one process-wide pool that keeps
/// <c>Environment.ProcessorCount * 2</c> of them (four on two cores). One thread fits; two
/// threads scanning at once need eight, so the pool drops builders and hands out new ones, and
/// every rent and return is an interlocked operation on cache lines both cores write.
/// <c>--yaml-pool-retained N</c> raises what the pool keeps, by reflection on YamlDotNet's
/// internals, to tell the pool's share of the two-thread cost from the rest.
/// </summary>
public static class YamlDotNetPool
{
    public static void Retain(int builders)
    {
        var poolType = typeof(Parser).Assembly.GetType("YamlDotNet.Core.ObjectPool.StringBuilderPool", throwOnError: true)!;
        var pool = poolType.GetField("Pool", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var maxCapacity = pool.GetType().GetField("maxCapacity", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("YamlDotNet's pool has no maxCapacity field: the experiment needs YamlDotNet 18");
        // DefaultObjectPool counts its one fast slot apart from the queue.
        maxCapacity.SetValue(pool, builders - 1);
    }
}
