using System.Text.Json.Nodes;
using Stockade.Cel.Values;
using Stockade.Kube;
using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Tests.Generate;
using Stockade.Vap;
using Stockade.Yaml;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>
/// <c>stockade generate admission-policies</c>: byte-stable output (a golden file), accepted by
/// <c>stockade scan --policy</c>, PSA's update and exemption semantics, and its usage errors.
/// </summary>
public class AdmissionPolicyGenerationTests : IDisposable
{
    private static readonly string GoldenPath = RepositoryFiles.PathOf("tests", "Stockade.Tests", "PodSecurity", "AdmissionPolicies", "restricted-v1.30.golden.yaml");
    private static readonly string[] GoldenArgs = ["generate", "admission-policies", "--profile", "restricted:v1.30", "--workloads", "--exempt-namespace", "kube-system"];

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task The_output_is_byte_stable_and_matches_the_golden_file()
    {
        var run = await Run(GoldenArgs);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(run.Stdout, (await Run(GoldenArgs)).Stdout);
        if (Environment.GetEnvironmentVariable("STOCKADE_UPDATE_GOLDEN") == "1") File.WriteAllText(GoldenPath, run.Stdout);
        Assert.True(File.Exists(GoldenPath) && File.ReadAllText(GoldenPath) == run.Stdout,
            $"{GoldenPath} is stale: run STOCKADE_UPDATE_GOLDEN=1 dotnet test tests/Stockade.Tests --filter \"FullyQualifiedName~AdmissionPolicyGenerationTests\"");
    }

    [Theory]
    [InlineData("restricted")]
    [InlineData("restricted:v1.30")]
    [InlineData("baseline:v1.0")]
    [InlineData("baseline:latest")]
    public async Task Scan_policy_accepts_the_generated_policies_and_applies_them(string profile)
    {
        var policies = _tree.Write("pss.yaml", (await Run("generate", "admission-policies", "--profile", profile, "--workloads",
            "--exempt-user", "system:serviceaccount:kube-system:replicaset-controller", "--exempt-runtime-class", "kata", "--validation-actions", "Deny,Audit")).Stdout);
        var pod = _tree.Write("pod.yaml", Pod("hostNetwork: true\n  "));
        var run = await Run("scan", "--profile", "none", "--policy", policies, pod);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("host namespaces (hostNetwork=true)", run.Stdout);
    }

    [Fact]
    public void Updates_that_change_no_image_nor_seccomp_annotation_are_let_through_as_psa_does()
    {
        var set = AdmissionPolicyFixtures.Load(AdmissionPolicyFixtures.GeneratePolicies("baseline", "latest"));
        var bad = Object(Pod("hostPID: true\n  "));
        Assert.True(set.Evaluate(VapOffline.Create(bad, set)).Denied);
        Assert.False(set.Evaluate(Update(set, bad, bad)).Denied);
        Assert.True(set.Evaluate(Update(set, bad, Object(Pod("hostPID: true\n  ", image: "nginx:1.26")))).Denied);
        Assert.True(set.Evaluate(Update(set, bad, Object(Pod("hostPID: true\n  ", annotations: "{container.seccomp.security.alpha.kubernetes.io/app: runtime/default}")))).Denied);
        var withDebugger = Pod("hostPID: true\n  ephemeralContainers: [{name: debug, image: busybox}]\n  ");
        Assert.True(set.Evaluate(Update(set, Object(withDebugger), bad)).Denied);
        Assert.False(set.Evaluate(Update(set, Object(withDebugger), Object(withDebugger))).Denied);
    }

    [Fact]
    public async Task Exemptions_are_a_namespace_selector_and_match_conditions()
    {
        var text = (await Run("generate", "admission-policies", "--profile", "baseline", "--exempt-namespace", "kube-system", "--exempt-namespace", "istio-system",
            "--exempt-user", "admin", "--exempt-runtime-class", "kata")).Stdout;
        Assert.Contains("operator: NotIn\n        values: [\"kube-system\", \"istio-system\"]", text);
        var set = AdmissionPolicyFixtures.Load(text);
        var hostPid = Object(Pod("hostPID: true\n  "));
        Assert.True(set.Evaluate(VapOffline.Create(hostPid, set)).Denied);
        Assert.False(set.Evaluate(VapOffline.Create(hostPid, set, requester: new VapRequester("admin", []))).Denied);
        Assert.False(set.Evaluate(VapOffline.Create(Object(Pod("hostPID: true\n  runtimeClassName: kata\n  ")), set)).Denied);
        Assert.False(set.Evaluate(VapOffline.Create(Object(Pod("hostPID: true\n  ", ns: "kube-system")), set)).Denied);
    }

    [Fact]
    public async Task A_value_with_a_newline_stays_inside_its_string_and_comment()
    {
        const string user = "evil\n---\nkind: Secret";
        var text = (await Run("generate", "admission-policies", "--profile", "baseline", "--exempt-user", user)).Stdout;
        Assert.Equal(2, NetworkPolicyGenerationTests.Read(text).Count);
        var set = AdmissionPolicyFixtures.Load(text);
        var hostPid = Object(Pod("hostPID: true\n  "));
        Assert.True(set.Evaluate(VapOffline.Create(hostPid, set)).Denied);
        Assert.False(set.Evaluate(VapOffline.Create(hostPid, set, requester: new VapRequester(user, []))).Denied);
    }

    [Fact]
    public async Task Workload_templates_warn_and_audit_by_default_and_pods_deny()
    {
        var text = (await Run("generate", "admission-policies", "--profile", "restricted", "--workloads")).Stdout;
        Assert.Contains("  policyName: stockade-pss-restricted-latest\n  validationActions: [Deny]\n", text);
        Assert.Contains("  policyName: stockade-pss-restricted-latest-workloads\n  validationActions: [Warn, Audit]\n", text);
        var warn = (await Run("generate", "admission-policies", "--profile", "restricted", "--validation-actions", "Audit,Warn")).Stdout;
        Assert.Contains("validationActions: [Warn, Audit]", warn);
    }

    [Fact]
    public void A_pod_with_hundreds_of_containers_is_judged_within_the_cost_limit()
    {
        var containers = string.Join("", Enumerable.Range(0, 300).Select(i =>
            $"\n  - name: c{i}\n    image: nginx\n    securityContext: {{capabilities: {{add: [{string.Join(", ", Enumerable.Range(0, 20).Select(j => $"CAP{j}"))}]}}}}"));
        var pod = Object($"apiVersion: v1\nkind: Pod\nmetadata: {{name: big, namespace: default}}\nspec:\n  containers:{containers}\n");
        var set = AdmissionPolicyFixtures.Load(AdmissionPolicyFixtures.GeneratePolicies("restricted", "latest"));
        var v = Assert.Single(set.Evaluate(VapOffline.Create(pod, set)).Violations);
        Assert.False(v.IsError, v.Detail);
        Assert.StartsWith("pod violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (containers \"c0\", \"c1\"", v.Detail);
    }

    [Theory]
    [InlineData("\"privileged\" is not baseline[:VERSION], restricted[:VERSION] or hardened", "--profile", "privileged")]
    [InlineData("the hardened profile has no version", "--profile", "hardened:v1.30")]
    [InlineData("its namespace-wide rules read other objects", "--profile", "cluster")]
    [InlineData("always check workload templates", "--profile", "hardened", "--workloads")]
    [InlineData("--profile hardened already writes them", "--profile", "hardened", "--hardened")]
    [InlineData("malformed Pod Security Standards version", "--profile", "restricted:1.30")]
    [InlineData("Deny and Warn may not be used together", "--profile", "restricted", "--validation-actions", "Deny,Warn")]
    [InlineData("\"Block\" is not Deny, Warn or Audit", "--profile", "restricted", "--validation-actions", "Block")]
    [InlineData("--workload-actions needs --workloads", "--profile", "restricted", "--workload-actions", "Warn")]
    [InlineData("needs --profile", "--workloads")]
    [InlineData("is not a namespace name", "--profile", "baseline", "--exempt-namespace", "Kube_System")]
    public async Task Bad_options_are_usage_errors(string message, params string[] args)
    {
        var run = await Run(["generate", "admission-policies", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    private static string Pod(string spec, string image = "nginx:1.25", string annotations = "{}", string ns = "team-a") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: {ns}
          annotations: {annotations}
        spec:
          {spec}containers:
          - name: app
            image: {image}
        """;

    private static KubeObject Object(string yaml) => Stockade.Tests.Vap.VapFixtures.Object(yaml);

    private static VapRequest Update(VapPolicySet set, KubeObject obj, KubeObject old)
    {
        var request = VapOffline.Create(obj, set);
        return request with
        {
            Operation = "UPDATE",
            OldObject = CelTree.ValueOf(old.Root),
            RequestValue = CelJson.FromNode(VapOffline.RequestJson(request.Resource, request.Kind, "UPDATE", request.Name, request.Namespace, VapOffline.DefaultUser, [])),
        };
    }
}
