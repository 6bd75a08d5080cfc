using System.Text.RegularExpressions;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules.Workload;
using Stockade.Rules;

namespace Stockade.Tests.Rules;

public class ImageRegistryNotAllowedTests
{
    private const string Rule = "image-registry-not-allowed";

    private static StockadeConfig Allowing(params string[] patterns) => new()
    {
        // Anchored as ConfigLoader builds them.
        Settings = RuleSettings.Default.With(ImageRegistryNotAllowed.AllowedRegistries, patterns.Select(p => new Regex("^(?:" + p + ")$")).ToList()),
    };

    [Fact]
    public void Does_nothing_without_allowed_registries()
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod("containers:\n- name: app\n  image: evil.example/miner")).Findings(Rule));
    }

    [Theory]
    [InlineData("registry.example.com/team/app:1.0", false)]
    [InlineData("registry.example.com/app@sha256:0123", false)]
    [InlineData("nginx", true)]
    [InlineData("docker.io/library/nginx:1.27", true)]
    // Patterns match the whole reference, not a part of it.
    [InlineData("evil.example/registry.example.com/app", true)]
    public void Reports_images_matching_no_pattern(string image, bool reported)
    {
        var yaml = TestScan.Pod($"containers:\n- name: app\n  image: {image} # <-");
        var result = IdentityRuleManifests.Scan(yaml, Allowing(@"registry\.example\.com/.*"));
        var findings = result.Findings(Rule);
        Assert.Equal(reported, findings.Count == 1);
        if (!reported) return;
        Assert.Equal(TestScan.MarkedLine(yaml), findings[0].Line);
        Assert.Equal("spec.containers[0].image", findings[0].Path);
        Assert.Equal("app", findings[0].Container);
        Assert.Contains(image, findings[0].Message);
    }

    [Fact]
    public void Checks_every_container_of_a_template_with_patterns_from_the_config_file()
    {
        var config = ConfigLoader.Parse("settings:\n  allowedRegistries:\n    - 'registry\\.example\\.com/.*'\n    - 'mirror\\.example\\.com/.*'\n", ".stockade.yaml", Catalog.Ids);
        var yaml = IdentityRuleManifests.CronJob("""
            initContainers:
            - name: init
              image: busybox # <-
            containers:
            - name: job
              image: mirror.example.com/job:2
            """);
        var result = IdentityRuleManifests.Scan(yaml, config);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("init", f.Container);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.jobTemplate.spec.template.spec.initContainers[0].image", f.Path);
    }
}
