using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;

namespace Stockade.Tests.ClusterRules;

/// <summary>Scans several files together through the real pipeline, as one `stockade scan` of a folder does.</summary>
public static class ClusterScan
{
    public static ScanResult Files(params (string Name, string Yaml)[] files) =>
        new Scanner(new ScanOptions
        {
            Profile = ProfileRegistry.Hardened,
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 11, 24),
            MaxParallelism = 2,
        }).Scan(files.Select(f => new ScanInput(f.Name, () => new MemoryStream(Encoding.UTF8.GetBytes(f.Yaml)))));

    public static ScanResult Yaml(string yaml) => Files(("test.yaml", yaml));
}
