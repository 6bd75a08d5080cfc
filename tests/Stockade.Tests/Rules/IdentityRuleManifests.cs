using Stockade.Config;
using Stockade.Engine;

namespace Stockade.Tests.Rules;

/// <summary>Scans manifests for the identity rules' tests; the workload wrappers are <see cref="Workloads"/>'.</summary>
public static class IdentityRuleManifests
{
    /// <summary>Scans, first checking the manifest is one the API server accepts (a rejected object gets no findings).</summary>
    public static ScanResult Scan(string yaml, StockadeConfig? config = null)
    {
        var result = TestScan.Yaml(yaml, config: config);
        Assert.Empty(result.Errors);
        return result;
    }

    public static string Deployment(string podSpecBody, string templateAnnotations = "") => Workloads.Deployment(podSpecBody, templateAnnotations);

    public static string CronJob(string podSpecBody) => Workloads.CronJob(podSpecBody);
}
