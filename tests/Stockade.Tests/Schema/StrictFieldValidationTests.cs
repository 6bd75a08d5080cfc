using Stockade.Cli;
using Stockade.Engine;
using Stockade.Kube.Schema;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Schema;

/// <summary>Unknown and duplicate fields of built-in kinds, as kubectl apply's strict field validation rejects them.</summary>
public class StrictFieldValidationTests
{
    private const string MisspelledSecurityContext = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: default
        spec:
          containers:
          - name: app
            image: nginx:1.27
            securityContex:
              privileged: true
        """;

    private static ScanResult Scan(string yaml, FieldValidation mode) => TestScan.Yaml(yaml, fieldValidation: mode);

    [Fact]
    public void A_misspelled_field_is_an_error_at_its_key_with_its_path()
    {
        var error = Assert.Single(Scan(MisspelledSecurityContext, FieldValidation.Strict).Errors);
        Assert.Equal((10, 5), (error.Line, error.Column));
        Assert.Contains("unknown field \"spec.containers[0].securityContex\"", error.Message);
    }

    [Fact]
    public void An_object_with_an_unknown_field_is_still_judged_as_a_non_validating_client_sends_it()
    {
        var result = Scan(MisspelledSecurityContext, FieldValidation.Strict);
        Assert.Equal(RunOutcome.Incomplete, result.Outcome);
        // Helm drops the unknown field: the container is not privileged, and runs as root.
        Assert.Empty(result.Findings("privileged-container"));
        Assert.NotEmpty(result.Findings("run-as-root"));
    }

    [Fact]
    public void Field_names_match_case_sensitively_and_metadata_is_checked()
    {
        var yaml = MisspelledSecurityContext.Replace("securityContex:", "SecurityContext:").Replace("  namespace: default", "  namespace: default\n  Labels: {a: b}");
        var messages = Scan(yaml, FieldValidation.Strict).Errors.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.Contains("unknown field \"metadata.Labels\""));
        Assert.Contains(messages, m => m.Contains("unknown field \"spec.containers[0].SecurityContext\""));
    }

    [Fact]
    public void A_field_written_twice_is_a_duplicate_field_and_the_last_value_is_judged()
    {
        var yaml = MisspelledSecurityContext.Replace("securityContex:\n      privileged: true", "securityContext:\n      privileged: false\n      privileged: true");
        var result = Scan(yaml, FieldValidation.Strict);
        var error = Assert.Single(result.Errors);
        Assert.Contains("duplicate field \"privileged\"", error.Message);
        Assert.Equal(12, error.Line);
        Assert.NotEmpty(result.Findings("privileged-container"));
    }

    [Fact]
    public void Values_kept_as_written_accept_any_key()
    {
        const string revision = """
            apiVersion: apps/v1
            kind: ControllerRevision
            metadata: {name: r, namespace: default}
            revision: 1
            data:
              anything: {goes: here}
            """;
        Assert.Empty(Scan(revision, FieldValidation.Strict).Errors);
    }

    [Fact]
    public void Custom_resources_are_not_validated_and_a_note_says_so()
    {
        var result = Scan("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {whatever: 1}\n", FieldValidation.Strict);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Notes, n => n.Message.Contains("fields not validated: example.com/v1 Widget is not a built-in kind"));
    }

    [Fact]
    public void Warn_makes_each_problem_a_warning_note_and_ignore_says_nothing()
    {
        var warned = Scan(MisspelledSecurityContext, FieldValidation.Warn);
        Assert.Empty(warned.Errors);
        Assert.Contains(warned.Notes, n => n.Message.StartsWith("warning: Pod/default/p: unknown field", StringComparison.Ordinal));
        var ignored = Scan(MisspelledSecurityContext, FieldValidation.Ignore);
        Assert.Empty(ignored.Errors);
        Assert.Empty(ignored.Notes);
    }

    [Fact]
    public async Task Scan_rejects_an_unknown_field_by_default_and_validate_ignore_accepts_it()
    {
        using var tree = new TempTree();
        var file = tree.Write("pod.yaml", MisspelledSecurityContext);
        var strict = await CliHarness.Run("scan", "--no-config", file);
        Assert.Equal(ExitCodes.Error, strict.ExitCode);
        Assert.Contains("pod.yaml:10:5: error: Pod/default/p: unknown field \"spec.containers[0].securityContex\"", strict.Stdout);
        var ignored = await CliHarness.Run("scan", "--no-config", "--validate", "ignore", file);
        Assert.Equal(ExitCodes.Findings, ignored.ExitCode);
        var bad = await CliHarness.Run("scan", "--no-config", "--validate", "lenient", file);
        Assert.Equal(ExitCodes.Error, bad.ExitCode);
        Assert.Contains("unknown --validate mode \"lenient\"", bad.Stderr);
    }
}
