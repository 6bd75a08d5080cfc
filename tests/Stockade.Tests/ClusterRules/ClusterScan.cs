using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.Tests.ClusterRules;

/// <summary>Scans several files together through the real pipeline, as one `stockade scan` of a folder does.</summary>
public static class ClusterScan
{
    /// <summary>The hardened rules plus the cluster rules that are off by default (namespace rules).</summary>
    public static readonly Profile Cluster = new("cluster", "hardened and every cluster rule",
        Catalog.Hardened.Concat(NamespaceRules.All).Distinct());

    public static ScanResult Files(params (string Name, string Yaml)[] files) =>
        new Scanner(new ScanOptions
        {
            Profile = Cluster,
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 11, 24),
            MaxParallelism = 2,
        }).Scan(files.Select(f => new ScanInput(f.Name, () => new MemoryStream(Encoding.UTF8.GetBytes(f.Yaml)))));

    public static ScanResult Yaml(string yaml) => Files(("test.yaml", yaml));
}
