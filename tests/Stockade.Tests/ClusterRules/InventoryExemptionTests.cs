using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.Tests.ClusterRules;

/// <summary>Findings of inventory rules honour the same exemptions as every other finding.</summary>
public class InventoryExemptionTests
{
    private const string SecretReader = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: reader
          namespace: shop
          annotations:
            exempt.stockade.dev/rbac-secrets-read: "the backup job reads every secret of the namespace"
        rules:
        - apiGroups: [""]
          resources: ["secrets", "pods/exec"]
          verbs: ["list", "create"]
        """;

    [Fact]
    public void An_annotation_on_the_reported_role_suppresses_only_its_rule()
    {
        var result = ClusterScan.Yaml(SecretReader);
        var secrets = Assert.Single(result.Findings, f => f.Rule == "rbac-secrets-read");
        Assert.True(secrets.Suppressed);
        Assert.True(secrets.SuppressedInSource);
        Assert.Contains("the backup job", secrets.SuppressionReason);
        Assert.Single(result.Findings("rbac-pod-exec"));
    }

    [Fact]
    public void A_configuration_exemption_suppresses_a_namespace_finding()
    {
        var config = ConfigLoader.Parse("""
            exemptions:
              - rules: [namespace-resourcequota]
                namespace: shop
                reason: quotas are set by the platform team's own repository
            """, ".stockade.yaml", Catalog.Ids);
        var deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x";
        var result = new Scanner(new ScanOptions { Profile = ClusterScan.Cluster, Config = config, MaxParallelism = 1, Today = new DateOnly(2026, 11, 24) })
            .Scan([new ScanInput("d.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(deployment)))]);
        Assert.True(Assert.Single(result.Findings, f => f.Rule == "namespace-resourcequota").Suppressed);
        Assert.False(Assert.Single(result.Findings, f => f.Rule == "namespace-limitrange").Suppressed);
    }
}
