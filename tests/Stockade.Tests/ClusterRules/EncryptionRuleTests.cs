namespace Stockade.Tests.ClusterRules;

public class EncryptionRuleTests
{
    private static string Config(string resources) => "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n" + resources;

    private const string Kms2 = "  - kms:\n      apiVersion: v2\n      name: k\n      endpoint: unix:///kms.sock";
    private const string Identity = "  - identity: {}";
    private const string AesCbc = "  - aescbc:\n      keys:\n      - name: k1\n        secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==";

    private static Stockade.Engine.ScanResult Scan(string resources) => ClusterScan.Yaml(Config(resources));

    [Fact]
    public void Kms_v2_first_for_secrets_is_clean()
    {
        var result = Scan($"- resources: [secrets]\n  providers:\n{Kms2}\n{Identity}");
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Identity_first_writes_secrets_unencrypted_even_with_a_key_after_it()
    {
        var result = Scan($"- resources: [secrets]\n  providers:\n{Identity}\n{Kms2}");
        var f = Assert.Single(result.Findings("encryption-secrets-at-rest"));
        Assert.Equal("resources[0].providers[0].identity", f.Path);
    }

    [Theory]
    [InlineData("\"*.\"")]
    [InlineData("\"*.*\"")]
    public void Wildcard_entries_cover_secrets(string wildcard)
    {
        Assert.Empty(Scan($"- resources: [configmaps]\n  providers:\n{Identity}\n- resources: [{wildcard}]\n  providers:\n{Kms2}").Findings);
        Assert.Single(Scan($"- resources: [{wildcard}]\n  providers:\n{Identity}").Findings("encryption-secrets-at-rest"));
    }

    [Fact]
    public void The_first_entry_covering_secrets_wins()
    {
        var result = Scan($"- resources: [secrets]\n  providers:\n{Identity}\n- resources: [\"*.*\"]\n  providers:\n{Kms2}");
        Assert.Contains("(resources[0]) is identity", Assert.Single(result.Findings("encryption-secrets-at-rest")).Message);
    }

    [Fact]
    public void No_entry_for_secrets_is_reported()
    {
        var result = Scan($"- resources: [configmaps, deployments.apps]\n  providers:\n{Kms2}");
        Assert.Contains("no entry covers secrets", Assert.Single(result.Findings("encryption-secrets-at-rest")).Message);
    }

    [Fact]
    public void Aescbc_and_kms_v1_are_weak_secretbox_is_not()
    {
        Assert.Contains("aescbc", Assert.Single(Scan($"- resources: [secrets]\n  providers:\n{AesCbc}").Findings("encryption-provider-strength")).Message);
        Assert.Contains("kms v1", Assert.Single(Scan("- resources: [secrets]\n  providers:\n  - kms:\n      name: k\n      endpoint: unix:///kms.sock").Findings("encryption-provider-strength")).Message);
        Assert.Empty(Scan("- resources: [secrets]\n  providers:\n  - secretbox:\n      keys:\n      - name: k1\n        secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=").Findings);
    }
}
