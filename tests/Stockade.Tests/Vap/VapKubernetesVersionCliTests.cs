using Stockade.Tests.Cli;
using Stockade.Tests.Docs;

namespace Stockade.Tests.Vap;

/// <summary><c>--kubernetes-version</c> and type-checking notes through the commands that evaluate policies.</summary>
public class VapKubernetesVersionCliTests
{
    private static string PolicyFile(string expression)
    {
        var dir = Directory.CreateTempSubdirectory("stockade-vap-version-").FullName;
        var path = Path.Combine(dir, "policy.yaml");
        File.WriteAllText(path, VapFixtures.Policy("""
            matchConstraints:
              resourceRules:
              - apiGroups: ["apps"]
                apiVersions: ["v1"]
                operations: ["CREATE"]
                resources: ["deployments"]
            validations:
            - expression: "EXPR"
            """.Replace("EXPR", expression)) + "\n---\n" + VapFixtures.Binding());
        return path;
    }

    private static readonly string Pass = RepositoryFiles.PathOf("examples", "vap", "pass.yaml");

    [Fact]
    public async Task A_library_newer_than_the_version_is_a_compile_error()
    {
        var policy = PolicyFile("isSemver('1.0.0')");
        var old = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", policy, "--kubernetes-version", "1.32", Pass);
        Assert.Equal(2, old.ExitCode);
        Assert.Contains("undeclared reference to 'isSemver'", old.Stderr + old.Stdout);
        var now = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", policy, "--kubernetes-version", "1.33", Pass);
        Assert.True(now.ExitCode == 0, now.Stdout + now.Stderr);
    }

    [Fact]
    public async Task An_unsupported_version_is_a_usage_error()
    {
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", PolicyFile("true"), "--kubernetes-version", "1.9", Pass);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--kubernetes-version: Kubernetes 1.9 is not supported", run.Stderr + run.Stdout);
    }

    [Fact]
    public async Task A_type_checking_warning_is_a_note_at_the_expression_never_a_rejection()
    {
        var policy = PolicyFile("!has(object.spec.replica) || object.spec.replica <= 5");
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", policy, "--verbose", Pass);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        // Both reads of the field: has() at the expression's column 17, the comparison at 41 (the scalar starts at 18, its quote at 17).
        Assert.Contains("policy.yaml:13:34: note: ValidatingAdmissionPolicy \"p\" type checking (warning, as the API server's status.typeChecking): spec.validations[0].expression: apps/v1, Kind=Deployment: ERROR: <input>:1:17: undefined field 'replica'", run.Stdout);
        Assert.Contains("ERROR: <input>:1:41: undefined field 'replica'", run.Stdout);
    }
}
