using Stockade.Tests.Cli;
using Stockade.Tests.Docs;

namespace Stockade.Tests.Vap;

/// <summary>ValidatingAdmissionPolicies through <c>stockade scan</c>, as a user runs it.</summary>
public class VapCliTests
{
    private static readonly string Policy = RepositoryFiles.PathOf("examples", "vap", "policy.yaml");

    [Fact]
    public async Task The_example_policy_denies_the_failing_deployment_with_findings_at_the_object()
    {
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", Policy, "--format", "json", RepositoryFiles.PathOf("examples", "vap", "fail.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"rule\": \"vap:deployment-rules\"", run.Stdout);
        Assert.Contains("every Deployment has a team label (reason Forbidden)", run.Stdout);
        Assert.Contains("images must come from registry.example.com/", run.Stdout);
        Assert.Contains("with binding 'deployment-rules-prod'", run.Stdout);
        Assert.Contains("\"line\": 2", run.Stdout);
    }

    [Fact]
    public async Task A_finding_names_its_policy_and_binding_in_json_and_sarif()
    {
        var json = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", Policy, "--format", "json", RepositoryFiles.PathOf("examples", "vap", "fail.yaml"));
        var finding = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "vap:deployment-rules");
        Assert.Equal("deployment-rules", finding.GetProperty("policy").GetString());
        Assert.Equal("deployment-rules-prod", finding.GetProperty("binding").GetString());

        var sarif = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", Policy, "--format", "sarif", RepositoryFiles.PathOf("examples", "vap", "fail.yaml"));
        var result = System.Text.Json.JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("properties");
        Assert.Equal("deployment-rules", result.GetProperty("policy").GetString());
        Assert.Equal("deployment-rules-prod", result.GetProperty("binding").GetString());
    }

    /// <summary>A policy on Deployments with one validation, bound with Deny, written to a file of <paramref name="tree"/>.</summary>
    private static string DeploymentPolicy(TempTree tree, string name, string expression, string message = "", string failurePolicy = "Fail") => tree.Write(name + ".yaml", $$"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: {{name}}}
        spec:
          failurePolicy: {{failurePolicy}}
          matchConstraints:
            resourceRules:
            - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}
          validations:
          - expression: {{System.Text.Json.JsonSerializer.Serialize(expression)}}
            message: "{{message}}"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: {{name}}}
        spec: {policyName: {{name}}, validationActions: [Deny]}
        """);

    [Fact]
    public async Task The_offline_requester_is_the_one_request_user_and_group_name()
    {
        using var tree = new TempTree();
        var policy = DeploymentPolicy(tree, "who", "request.userInfo.username != 'mallory' || 'admins' in request.userInfo.groups", "mallory only as an admin");
        var target = RepositoryFiles.PathOf("examples", "vap", "pass.yaml");
        string[] scan = ["scan", "--no-config", "--profile", "none", "--policy", policy, target];
        Assert.Equal(0, (await CliHarness.Run(scan)).ExitCode);
        var mallory = await CliHarness.Run([.. scan, "--request-user", "mallory"]);
        Assert.Equal(1, mallory.ExitCode);
        Assert.Contains("mallory only as an admin", mallory.Stdout);
        Assert.Equal(0, (await CliHarness.Run([.. scan, "--request-user", "mallory", "--request-group", "admins"])).ExitCode);
        var groupAlone = await CliHarness.Run([.. scan, "--request-group", "admins"]);
        Assert.Equal(2, groupAlone.ExitCode);
        Assert.Contains("--request-group names a group of the --request-user", groupAlone.Stderr);
    }

    [Fact]
    public async Task A_policy_reading_the_namespace_of_an_object_whose_namespace_is_not_given_says_so_once()
    {
        using var tree = new TempTree();
        var policy = DeploymentPolicy(tree, "prod-teams", "namespaceObject == null || namespaceObject.metadata.?labels.?env.orValue('') != 'prod' || has(object.metadata.labels.team)",
            failurePolicy: "Ignore");
        const string Deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: NAME, namespace: shop}
            spec:
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: c, image: registry.example.com/x:1}]}

            """;
        var deployments = tree.Write("d.yaml", Deployment.Replace("NAME", "a") + "---\n" + Deployment.Replace("NAME", "b"));
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", policy, "--format", "json", deployments);
        var notes = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("notes").EnumerateArray()
            .Select(n => n.GetProperty("message").GetString()!).Where(m => m.Contains("reads namespaceObject")).ToList();
        Assert.Equal("ValidatingAdmissionPolicy \"prod-teams\" reads namespaceObject, and Namespace \"shop\" is not among the files read (give it with --policy, or in the input with --bundle-policies): namespaceObject is null here", Assert.Single(notes));
    }

    [Fact]
    public async Task Rules_and_explain_list_the_policies_of_the_files_given()
    {
        var rules = await CliHarness.Run("rules", "--no-config", "--policy", Policy);
        Assert.Equal(0, rules.ExitCode);
        Assert.Matches(@"vap:deployment-rules\s+high\s+policy\s+ValidatingAdmissionPolicy deployment-rules", rules.Stdout);
        var json = await CliHarness.Run("rules", "--no-config", "--policy", Policy, "--format", "json");
        Assert.Contains("\"id\": \"vap:deployment-rules\"", json.Stdout);

        var explain = await CliHarness.Run("explain", "vap:deployment-rules", "--no-config", "--policy", Policy);
        Assert.Equal(0, explain.ExitCode);
        Assert.Contains("every Deployment has a team label", explain.Stdout);
        Assert.Contains("deployment-rules-prod (Deny)", explain.Stdout);

        var missing = await CliHarness.Run("explain", "vap:deployment-rules", "--no-config");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("a policy's rule needs its file: --policy FILE", missing.Stderr);
    }

    [Fact]
    public async Task The_example_policy_passes_the_conforming_deployment()
    {
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", Policy, RepositoryFiles.PathOf("examples", "vap", "pass.yaml"));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Policies_join_the_profile_and_the_built_in_rules_still_run()
    {
        var run = await CliHarness.Run("scan", "--no-config", "--format", "json", "--policy", Policy, RepositoryFiles.PathOf("examples", "vap", "fail.yaml"));
        var rules = System.Text.RegularExpressions.Regex.Matches(run.Stdout, "\"rule\": \"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("vap:deployment-rules", rules);
        Assert.Contains(rules, r => !r.StartsWith("vap:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_compile_error_is_a_usage_error_at_the_expression()
    {
        using var tree = new TempTree();
        var bad = tree.Write("bad.yaml", File.ReadAllText(Policy).Replace("has(object.metadata.labels) &&", "has(object.metadata.labels) && &&"));
        var target = tree.Write("d.yaml", File.ReadAllText(RepositoryFiles.PathOf("examples", "vap", "pass.yaml")));
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", bad, target);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.yaml:23:", run.Stderr);
        Assert.Contains("compilation failed", run.Stderr);
    }

    [Fact]
    public async Task With_bundle_policies_the_policies_come_from_the_scanned_files()
    {
        using var tree = new TempTree();
        var dir = tree.Write("all.yaml", File.ReadAllText(Policy) + "\n---\n" + File.ReadAllText(RepositoryFiles.PathOf("examples", "vap", "fail.yaml")));
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--bundle-policies", dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("vap:deployment-rules", run.Stdout);
    }

    [Fact]
    public async Task Without_bundle_policies_a_scanned_policy_is_not_applied()
    {
        using var tree = new TempTree();
        var dir = tree.Write("all.yaml", File.ReadAllText(Policy) + "\n---\n" + File.ReadAllText(RepositoryFiles.PathOf("examples", "vap", "fail.yaml")));
        var run = await CliHarness.Run("scan", "--no-config", dir);
        Assert.DoesNotContain("vap:deployment-rules", run.Stdout);
    }

    [Fact]
    public async Task Audit_from_a_dump_evaluates_the_policies()
    {
        var run = await CliHarness.Run("audit", "--no-config", "--profile", "none", "--policy", Policy, "--from", RepositoryFiles.PathOf("examples", "vap", "fail.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("vap:deployment-rules", run.Stdout);
    }

    [Fact]
    public async Task A_policy_file_with_a_syntax_error_says_so_even_when_a_binding_then_misses_its_policy()
    {
        using var tree = new TempTree();
        // The policy's document is broken YAML, so the binding after it binds a policy never read:
        // the error must name the broken document, not only the binding.
        var policy = tree.Write("policy.yaml", """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: broken
            spec: {}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: broken}
            spec: {policyName: broken, validationActions: [Deny]}
            """);
        var run = await CliHarness.Run("scan", "--no-config", "--profile", "none", "--policy", policy, RepositoryFiles.PathOf("examples", "vap", "pass.yaml"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("policy.yaml:4:1: YAML syntax error", run.Stderr);
        Assert.Contains("not among the policies", run.Stderr);
    }
}
