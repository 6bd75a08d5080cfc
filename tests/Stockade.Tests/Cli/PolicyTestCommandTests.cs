namespace Stockade.Tests.Cli;

/// <summary><c>stockade test</c> as a user runs it: test files, their cases, and what each exit code means.</summary>
public class PolicyTestCommandTests
{
    private const string Policy = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: team-label
        spec:
          matchConstraints:
            resourceRules:
            - apiGroups: [""]
              apiVersions: ["v1"]
              operations: ["CREATE"]
              resources: ["configmaps"]
          validations:
          - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
            message: every ConfigMap has a team label
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: team-label
        spec:
          policyName: team-label
          validationActions: [Deny]
        """;

    private const string Resources = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: labelled
          labels: {team: web}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: unlabelled
        """;

    private static TempTree Tree(string results, string resources = Resources, string head = "policies: [policy.yaml]")
    {
        var tree = new TempTree();
        tree.Write("policy.yaml", Policy);
        tree.Write("resources.yaml", resources);
        tree.Write("stockade-test.yaml", $"""
            apiVersion: stockade.dev/v1alpha1
            kind: StockadeTest
            {head}
            resources: [resources.yaml]
            results:
            {results}
            """);
        return tree;
    }

    /// <summary>Runs <c>stockade test</c> on the folder of a test file with these results.</summary>
    private static async Task<CliRun> RunTest(string results, string resources = Resources, string head = "policies: [policy.yaml]")
    {
        using var tree = Tree(results, resources, head);
        return await CliHarness.Run("test", tree.Root);
    }

    [Fact]
    public async Task Every_case_as_expected_exits_0_and_prints_each_case_at_its_line()
    {
        var run = await RunTest("""
            - policy: team-label
              resources: [labelled]
              result: pass
            - policy: team-label
              resources: [ConfigMap/unlabelled]
              result: fail
              message: every ConfigMap has a team label
            """);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("stockade-test.yaml:7:15: pass: labelled vap:team-label (expected pass)", run.Stdout);
        Assert.Contains("stockade-test.yaml:10:15: pass: ConfigMap/unlabelled vap:team-label (expected fail)", run.Stdout);
        Assert.Contains("2 cases: 2 passed, 0 failed", run.Stdout);
    }

    [Fact]
    public async Task A_resource_expected_to_pass_that_fails_exits_1_with_the_finding()
    {
        using var tree = Tree("""
            - resources: [unlabelled]
              result: pass
            """);
        var run = await CliHarness.Run("test", Path.Combine(tree.Root, "stockade-test.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stockade-test.yaml:6:15: FAIL: unlabelled (expected pass): expected pass, got fail: ConfigMap/unlabelled at", run.Stdout);
        Assert.Contains("vap:team-label: ValidatingAdmissionPolicy 'team-label' with binding 'team-label' denied request: every ConfigMap has a team label", run.Stdout);
    }

    [Fact]
    public async Task A_resource_expected_to_fail_that_passes_exits_1()
    {
        var run = await RunTest("""
            - policy: team-label
              resources: [labelled]
              result: fail
            """);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL: labelled vap:team-label (expected fail): expected fail, got pass", run.Stdout);
    }

    [Fact]
    public async Task A_failure_with_another_message_than_expected_exits_1()
    {
        var run = await RunTest("""
            - resources: [unlabelled]
              result: fail
              message: some other words
            """);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("failed, but no finding says \"some other words\"", run.Stdout);
    }

    [Fact]
    public async Task A_resource_not_among_the_resources_is_an_error_not_a_pass()
    {
        var run = await RunTest("""
            - resources: [labeled]
              result: pass
            """);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stockade-test.yaml:6:15: error: labeled (expected pass): no resource \"labeled\" among the test's resources", run.Stdout);
    }

    [Fact]
    public async Task A_policy_not_loaded_is_an_error_not_a_pass()
    {
        var run = await RunTest("""
            - policy: team-labels
              resources: [labelled]
              result: pass
            """);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no rule vap:team-labels in this run (policies loaded: vap:team-label)", run.Stdout);
    }

    [Fact]
    public async Task A_name_shared_by_two_resources_is_an_error_until_the_kind_is_given()
    {
        var run = await RunTest("""
            - resources: [labelled]
              result: pass
            """, Resources + "\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: labelled\n");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("names 2 resources", run.Stdout);
    }

    [Fact]
    public async Task A_policy_file_that_does_not_exist_is_an_error()
    {
        var run = await RunTest("""
            - resources: [labelled]
              result: pass
            """, head: "policies: [policy.yaml, missing.yaml]");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing.yaml: no such file", run.Stdout);
    }

    [Fact]
    public async Task A_resource_file_that_cannot_be_read_is_an_error_and_no_case_is_judged()
    {
        var run = await RunTest("""
            - resources: [labelled]
              result: pass
            """, Resources + "\n---\nkind: [unclosed\n");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("resources.yaml:", run.Stdout);
        Assert.Contains("no case judged", run.Stdout);
        Assert.Contains("0 cases", run.Stdout);
    }

    [Fact]
    public async Task A_misspelt_key_is_an_error_at_its_position()
    {
        var run = await RunTest("""
            - resources: [labelled]
              reslt: pass
            """);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stockade-test.yaml:7:3: error: unknown key \"reslt\" in a result", run.Stdout);
    }

    [Fact]
    public async Task A_folder_without_a_test_file_is_an_error()
    {
        using var tree = new TempTree();
        tree.Write("policy.yaml", Policy);
        var run = await CliHarness.Run("test", tree.Root);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no stockade-test.yaml under this folder", run.Stdout);
    }

    [Fact]
    public async Task A_built_in_profile_is_tested_by_rule_id()
    {
        var run = await RunTest("""
            - rule: privileged-container
              resources: [Pod/debug]
              result: fail
            - rule: privileged-container
              resources: [Pod/plain]
              result: pass
            """, """
            apiVersion: v1
            kind: Pod
            metadata: {name: debug}
            spec:
              containers:
              - {name: c, image: busybox, securityContext: {privileged: true}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: plain}
            spec:
              containers:
              - {name: c, image: busybox}
            """, head: "profile: hardened");
        Assert.True(run.ExitCode == 0, run.Stdout);
    }

    [Fact]
    public async Task What_the_scan_did_not_judge_is_printed_as_a_note()
    {
        var run = await RunTest("""
            - policy: team-label
              resources: [labelled]
              result: pass
            """, Resources + "\n---\njust: a mapping\n");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("note: skipped: document is not a Kubernetes object", run.Stdout);
    }
}
