using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules;
using Stockade.Yaml;

namespace Stockade.Tests.ClusterRules;

/// <summary>Scans several files together through the real pipeline, as one `stockade scan` of a folder does.</summary>
internal static class ClusterScan
{
    /// <summary>The built-in cluster profile: the hardened rules plus the cluster rules that are off by default.</summary>
    public static readonly Profile Cluster = new("cluster", "hardened and every cluster rule", Catalog.Cluster);

    /// <summary>Scans with the facts the CLI gathers while reading: the bundle's ServiceAccounts and LimitRanges.</summary>
    public static ScanResult Files(params (string Name, string Yaml)[] files) => Files(ScanOrigin.Manifests, files);

    public static ScanResult Files(ScanOrigin origin, params (string Name, string Yaml)[] files)
    {
        var inputs = files.Select(f => new ScanInput(f.Name, () => new MemoryStream(Encoding.UTF8.GetBytes(f.Yaml)))).ToList();
        return new Scanner(new ScanOptions
        {
            Profile = Cluster,
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 11, 24),
            MaxParallelism = 2,
            Origin = origin,
            Bundle = BundleFacts.From(Stockade.Kube.KubeObjects.Read(inputs, ParseLimits.Default)),
        }).Scan(inputs);
    }

    public static ScanResult Yaml(string yaml) => Files(("test.yaml", yaml));
}
