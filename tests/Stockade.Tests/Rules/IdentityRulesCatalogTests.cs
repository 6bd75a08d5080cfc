using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.Tests.Rules;

public class IdentityRulesCatalogTests
{
    [Theory]
    [InlineData("run-as-root", Severity.High)]
    [InlineData("low-user-id", Severity.Medium)]
    [InlineData("low-group-id", Severity.Medium)]
    [InlineData("writable-root-filesystem", Severity.Medium)]
    [InlineData("seccomp-profile", Severity.High)]
    [InlineData("apparmor-unconfined", Severity.High)]
    [InlineData("selinux-custom-options", Severity.Medium)]
    [InlineData("cpu-requests-missing", Severity.Low)]
    [InlineData("memory-requests-missing", Severity.Medium)]
    [InlineData("cpu-limits-missing", Severity.Low)]
    [InlineData("memory-limits-missing", Severity.Medium)]
    [InlineData("service-account-token-automount", Severity.Medium)]
    [InlineData("sshd-container", Severity.Medium)]
    [InlineData("no-scheduling-constraint", Severity.Low)]
    [InlineData("image-registry-not-allowed", Severity.High)]
    public void Each_rule_is_listed_with_its_severity_and_documented(string id, Severity severity)
    {
        var rule = Assert.Single(IdentityRules.All, r => r.Id == id);
        Assert.Same(rule, Catalog.Find(id));
        Assert.Equal(severity, rule.Metadata.Severity);
        Assert.NotEmpty(rule.Metadata.References);
        Assert.NotEmpty(rule.Metadata.RemediationYaml.Trim());
    }
}
