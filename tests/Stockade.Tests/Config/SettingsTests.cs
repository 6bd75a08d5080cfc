using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules;
using Stockade.Rules.Workload;

namespace Stockade.Tests.Config;

/// <summary>
/// <c>settings:</c> keys are the parameters the rules declare: read from the declarations, with
/// the user-facing format and errors unchanged.
/// </summary>
public class SettingsTests
{
    private static StockadeConfig Parse(string yaml) => ConfigLoader.Parse(yaml, "/repo/.stockade.yaml", Catalog.Ids);

    [Fact]
    public void The_settings_keys_are_the_declared_parameters_of_the_rules()
    {
        Assert.Equal(
            ["allowedAddedCapabilities", "allowedRegistries", "dangerousCapabilities", "groupIdAbove", "userIdAbove"],
            Catalog.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_two_declared_parameters_share_a_settings_key()
    {
        var names = Catalog.Parameters.Select(p => p.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_key_is_read_into_the_parameter_of_the_rule_that_declares_it()
    {
        var s = Parse("""
            settings:
              userIdAbove: 5000
              groupIdAbove: 6000
              allowedRegistries: ['registry\.example\.com/.+']
              dangerousCapabilities: [cap_chown]
              allowedAddedCapabilities: [sys_time]
            """).Settings;
        Assert.Equal(5000, s.Get(LowUserId.UserIdAbove));
        Assert.Equal(6000, s.Get(LowGroupId.GroupIdAbove));
        var pattern = Assert.Single(s.Get(ImageRegistryNotAllowed.AllowedRegistries));
        Assert.Matches(pattern, "registry.example.com/a:1");
        Assert.DoesNotMatch(pattern, "x.registry.example.com/a:1");
        Assert.Equal(["CHOWN"], s.Get(DangerousCapabilities.Names));
        Assert.Equal(["SYS_TIME"], s.Get(CapabilitiesAdded.AllowedAdded));
    }

    [Fact]
    public void An_unset_key_keeps_the_declared_default()
    {
        var s = Parse("settings:\n  userIdAbove: 5\n").Settings;
        Assert.Equal(3000, s.Get(LowGroupId.GroupIdAbove));
        Assert.Contains("SYS_ADMIN", s.Get(DangerousCapabilities.Names));
        Assert.Equal(["NET_BIND_SERVICE"], s.Get(CapabilitiesAdded.AllowedAdded));
        Assert.Empty(s.Get(ImageRegistryNotAllowed.AllowedRegistries));
    }

    [Theory]
    [InlineData("settings:\n  userIdAbov: 5\n", "/repo/.stockade.yaml:2:3: unknown key \"userIdAbov\" at settings")]
    [InlineData("settings:\n  userIdAbove: -1\n", "/repo/.stockade.yaml:2:3: userIdAbove: expected a non-negative integer")]
    [InlineData("settings:\n  groupIdAbove: many\n", "/repo/.stockade.yaml:2:3: groupIdAbove: expected a non-negative integer")]
    [InlineData("settings:\n  allowedRegistries: x\n", "/repo/.stockade.yaml:2:3: allowedRegistries: expected a list of strings")]
    [InlineData("settings:\n  allowedRegistries: ['(']\n", "/repo/.stockade.yaml:2:23: allowedRegistries: \"(\" is not a valid regular expression")]
    [InlineData("settings:\n  dangerousCapabilities: [1]\n", "/repo/.stockade.yaml:2:27: dangerousCapabilities: expected a string")]
    [InlineData("settings: [a]\n", "/repo/.stockade.yaml:1:11: settings: expected a mapping")]
    public void A_bad_setting_is_an_error_at_its_position(string yaml, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.StartsWith(message, e.Message);
    }
}
