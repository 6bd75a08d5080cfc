using Stockade.Tests.Cli;
using Stockade.Tests.Docs;

namespace Stockade.Tests.Vap;

/// <summary><c>stockade audit --from DUMP</c> with the ValidatingAdmissionPolicies the dump itself holds, as a user runs it.</summary>
public class VapAuditCliTests
{
    private static string Dump(string policy) =>
        policy + "\n---\n" + File.ReadAllText(RepositoryFiles.PathOf("examples", "vap", "fail.yaml"));

    private static readonly string PolicyText = File.ReadAllText(RepositoryFiles.PathOf("examples", "vap", "policy.yaml"));

    [Fact]
    public async Task With_bundle_policies_the_dumps_policies_judge_the_dumps_objects()
    {
        using var tree = new TempTree();
        var dump = tree.Write("dump.yaml", Dump(PolicyText));
        var run = await CliHarness.Run("audit", "--no-config", "--from", dump, "--profile", "none", "--bundle-policies", "--format", "json");
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.Contains("\"rule\": \"vap:deployment-rules\"", run.Stdout);
        Assert.Contains("every Deployment has a team label", run.Stdout);
    }

    [Fact]
    public async Task Without_bundle_policies_the_dumps_policies_are_noted_as_not_applied()
    {
        using var tree = new TempTree();
        var dump = tree.Write("dump.yaml", Dump(PolicyText));
        var run = await CliHarness.Run("audit", "--no-config", "--from", dump, "--format", "json");
        Assert.DoesNotContain("vap:deployment-rules", run.Stdout);
        Assert.Contains("ValidatingAdmissionPolicy \\\"deployment-rules\\\" is not applied", run.Stdout);
    }

    [Fact]
    public async Task An_invalid_bundled_policy_with_nothing_else_to_run_is_a_usage_error_that_says_why()
    {
        using var tree = new TempTree();
        var dump = tree.Write("dump.yaml", Dump(PolicyText.Replace("has(object.metadata.labels) &&", "has(object.metadata.labels) && &&", StringComparison.Ordinal)));
        var run = await CliHarness.Run("audit", "--no-config", "--from", dump, "--profile", "none", "--bundle-policies");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("dump.yaml:23:", run.Stderr);
        Assert.Contains("not applied", run.Stderr);
        Assert.Contains("compilation failed", run.Stderr);
    }
}
