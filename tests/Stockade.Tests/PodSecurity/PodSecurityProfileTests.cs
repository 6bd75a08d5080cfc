using System.Text;
using Stockade.Cli;
using Stockade.Engine;
using Stockade.PodSecurity;
using Stockade.Profiles;

namespace Stockade.Tests.PodSecurity;

public class PodSecurityProfileTests
{
    private static Profile P(string name) => ProfileRegistry.Resolve(name);

    [Theory]
    [InlineData("restricted", "restricted:latest")]
    [InlineData("restricted:latest", "restricted:latest")]
    [InlineData("restricted:v1.30", "restricted:v1.30")]
    [InlineData("baseline:v1.0", "baseline:v1.0")]
    [InlineData("baseline", "baseline:latest")]
    public void Names_resolve_to_a_level_and_version(string name, string expected) => Assert.Equal(expected, P(name).Name);

    [Theory]
    [InlineData("restricted:v1.030")]
    [InlineData("restricted:1.30")]
    [InlineData("restricted:v2.0")]
    [InlineData("restricted:")]
    [InlineData("baseline:v1")]
    [InlineData("baseline:Latest")]
    [InlineData("baseline:v1.30.1")]
    public void Malformed_versions_are_rejected(string name) => Assert.Throws<UnknownProfileException>(() => P(name));

    [Fact]
    public void Unknown_levels_are_unknown_profiles_and_known_names_list_the_levels()
    {
        Assert.Throws<UnknownProfileException>(() => P("privileged-ish"));
        Assert.Contains("baseline", ProfileRegistry.KnownNames);
        Assert.Contains("restricted", ProfileRegistry.KnownNames);
    }

    [Fact]
    public void A_version_newer_than_any_known_behaves_as_latest()
    {
        var future = P("restricted:v1.99").Rules.Select(r => r.Id).Order().ToList();
        var latest = P("restricted:latest").Rules.Select(r => r.Id).Order().ToList();
        Assert.Equal(latest, future);
        Assert.Contains("pss-host-probes-and-lifecycle", future);
    }

    [Fact]
    public void Old_versions_lack_controls_added_later_and_restricted_controls_replace_baseline_ones()
    {
        var v1_0 = P("restricted:v1.0").Rules.Select(r => r.Id).ToList();
        Assert.DoesNotContain("pss-allow-privilege-escalation", v1_0);
        Assert.DoesNotContain("pss-run-as-user", v1_0);
        Assert.Contains("pss-capabilities-baseline", v1_0);
        Assert.DoesNotContain("pss-host-path-volumes", v1_0); // restrictedVolumes replaces it

        var latest = P("restricted").Rules.Select(r => r.Id).ToList();
        Assert.DoesNotContain("pss-capabilities-baseline", latest);
        Assert.DoesNotContain("pss-seccomp-profile-baseline", latest);
        Assert.DoesNotContain("pss-proc-mount", latest);
        Assert.Contains("pss-capabilities-restricted", latest);

        Assert.DoesNotContain("pss-run-as-non-root", P("baseline").Rules.Select(r => r.Id));
    }

    [Fact]
    public void Every_control_is_high_because_a_violation_is_a_denial()
    {
        foreach (var control in P("restricted").Rules.OfType<PodSecurityControl>())
        {
            Assert.Equal(Severity.High, control.Metadata.Severity);
            Assert.StartsWith("pss-", control.Id);
            Assert.Contains(control.Metadata.References, r => r.Source == "PSS");
        }
    }

    [Fact]
    public async Task The_cli_reports_a_malformed_version_as_a_usage_error()
    {
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(["scan", "--profile", "restricted:v1.x", "-"], new StringReader(""),
            () => new MemoryStream(Encoding.UTF8.GetBytes(TestScan.Pod("containers:\n- name: a\n  image: x"))), new MemoryStream(), stderr, false);
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("restricted:v1.x", stderr.ToString());
    }
}
