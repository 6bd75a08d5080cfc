using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Rules;
using Stockade.Rules.Custom;

namespace Stockade.Tests.Config;

/// <summary>
/// <c>customRules:</c> in <c>.stockade.yaml</c>: read and compiled with positions, run as
/// <c>custom:ID</c> rules over objects or over the pod template of every workload kind.
/// </summary>
public class CustomRuleTests
{
    private const string ConfigPath = "/repo/.stockade.yaml";

    private static StockadeConfig Parse(string yaml) => ConfigLoader.Parse(yaml, ConfigPath, Catalog.Ids);

    private static ScanResult Scan(string config, string yaml, Profile? profile = null)
    {
        var c = Parse(config);
        return TestScan.Yaml(yaml, CustomRules.Join(profile ?? ProfileRegistry.None, c), c, failOn: Severity.Low);
    }

    private static ConfigException Invalid(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    private const string RegistryRule = """
        customRules:
        - id: our-registry
          title: Images from our registry
          severity: high
          target: podTemplate
          expression: object.spec.containers.all(c, c.image.startsWith('registry.example.com/'))
          messageExpression: "'not from our registry: ' + object.spec.containers.filter(c, !c.image.startsWith('registry.example.com/')).map(c, c.image).join(', ')"

        """;

    private static string Template(string kind, string apiVersion, string templateAt, string name) => kind switch
    {
        "Pod" => $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  containers: [{{name: c, image: docker.io/x}}]\n",
        "CronJob" => $"apiVersion: {apiVersion}\nkind: CronJob\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{{name: c, image: docker.io/x}}]\n",
        "PodTemplate" => $"apiVersion: v1\nkind: PodTemplate\nmetadata: {{name: {name}, namespace: shop}}\ntemplate:\n  spec:\n    containers: [{{name: c, image: docker.io/x}}]\n",
        _ => $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  {templateAt}:\n    metadata: {{labels: {{app: x}}}}\n    spec:\n      containers: [{{name: c, image: docker.io/x}}]\n",
    };

    [Theory]
    [InlineData("Pod", "v1", "", 1)]
    [InlineData("Deployment", "apps/v1", "template", 6)]
    [InlineData("StatefulSet", "apps/v1", "template", 6)]
    [InlineData("DaemonSet", "apps/v1", "template", 6)]
    [InlineData("ReplicaSet", "apps/v1", "template", 6)]
    [InlineData("ReplicationController", "v1", "template", 6)]
    [InlineData("Job", "batch/v1", "template", 6)]
    [InlineData("CronJob", "batch/v1", "", 9)]
    [InlineData("PodTemplate", "v1", "", 5)]
    [InlineData("SandboxTemplate", "agents.x-k8s.io/v1alpha1", "podTemplate", 6)]
    public void A_pod_template_rule_judges_a_Pod_and_the_template_of_every_workload_kind(string kind, string apiVersion, string templateAt, int line)
    {
        var result = Scan(RegistryRule, Template(kind, apiVersion, templateAt, "w"));
        var f = Assert.Single(result.Findings("custom:our-registry"));
        Assert.Equal("not from our registry: docker.io/x", f.Message);
        Assert.Equal(Severity.High, f.Severity);
        Assert.Equal(line, f.Line);
        Assert.Equal(kind, f.Object.Kind);
        Assert.Equal(1, result.Summary.Failed);
    }

    [Fact]
    public void A_template_that_passes_has_no_finding()
    {
        var yaml = Template("Deployment", "apps/v1", "template", "w").Replace("docker.io/x", "registry.example.com/x");
        Assert.Empty(Scan(RegistryRule, yaml).Findings("custom:our-registry"));
    }

    [Fact]
    public void In_pod_template_mode_object_is_the_template_as_a_Pod_and_workload_the_whole_object()
    {
        var config = """
            customRules:
            - id: app-label
              title: t
              severity: low
              target: podTemplate
              match: {kinds: [Deployment]}
              expression: "'app' in object.metadata.labels && object.kind == 'Pod' && workload.kind == 'Deployment' && workload.metadata.name == 'w'"
            """;
        Assert.Empty(Scan(config, Template("Deployment", "apps/v1", "template", "w")).Findings("custom:app-label"));
        Assert.Empty(Scan(config, Template("Pod", "v1", "", "p")).Findings("custom:app-label")); // not matched: kinds
        Assert.Single(Scan(config, Template("Deployment", "apps/v1", "template", "w").Replace("app: x", "tier: x")).Findings("custom:app-label"));
    }

    [Fact]
    public void An_object_rule_sees_the_whole_object_and_matches_by_kind_group_namespace_and_labels()
    {
        var config = """
            customRules:
            - id: no-lb
              title: No LoadBalancer Services
              severity: medium
              match:
                kinds: [Service]
                apiGroups: [""]
                namespaces: [shop]
                labelSelector:
                  matchExpressions: [{key: public, operator: DoesNotExist}]
              expression: "!has(object.spec.type) || object.spec.type != 'LoadBalancer'"
              message: no LoadBalancer
            """;
        static string Service(string ns, string labels) => $"apiVersion: v1\nkind: Service\nmetadata: {{name: s, namespace: {ns}, labels: {{{labels}}}}}\nspec: {{type: LoadBalancer}}\n";
        var f = Assert.Single(Scan(config, Service("shop", "")).Findings("custom:no-lb"));
        Assert.Equal("no LoadBalancer", f.Message);
        Assert.Equal(1, f.Line);
        Assert.Empty(Scan(config, Service("other", "")).Findings("custom:no-lb"));
        Assert.Empty(Scan(config, Service("shop", "public: 'yes'")).Findings("custom:no-lb"));
        Assert.Empty(Scan(config, Service("shop", "").Replace("LoadBalancer", "ClusterIP")).Findings("custom:no-lb"));
        // Written without a namespace, it may be applied anywhere: judged.
        Assert.Single(Scan(config, "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: LoadBalancer}\n").Findings("custom:no-lb"));
    }

    [Fact]
    public void An_evaluation_error_is_a_finding_never_a_pass()
    {
        var config = """
            customRules:
            - id: owner
              title: t
              severity: low
              match: {kinds: ["*"]}
              expression: object.metadata.labels.owner == 'me'
            """;
        var f = Assert.Single(Scan(config, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n").Findings("custom:owner"));
        Assert.Contains("resulted in error", f.Message);
        Assert.Contains("an error fails the rule", f.Message);
        var notBool = Assert.Single(Scan(config.Replace("object.metadata.labels.owner == 'me'", "\"'yes'\""), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n").Findings("custom:owner"));
        Assert.Contains("must evaluate to bool", notBool.Message);
    }

    [Fact]
    public void The_message_falls_back_when_messageExpression_fails_and_to_the_expression_without_one()
    {
        var config = """
            customRules:
            - id: never
              title: t
              severity: low
              match: {kinds: [ConfigMap]}
              expression: "false"
              message: plain
              messageExpression: object.nope
            """;
        var f = Assert.Single(Scan(config, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n").Findings("custom:never"));
        Assert.StartsWith("plain (messageExpression resulted in error", f.Message);
        var bare = Assert.Single(Scan(config.Replace("  message: plain\n", "").Replace("  messageExpression: object.nope", ""), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n").Findings("custom:never"));
        Assert.Equal("failed expression: false", bare.Message);
    }

    [Fact]
    public void The_rule_id_is_usable_in_rules_and_exemptions()
    {
        var pod = Template("Pod", "v1", "", "p");
        Assert.Empty(Scan(RegistryRule + "rules:\n  custom:our-registry: off\n", pod).Findings("custom:our-registry"));
        Assert.Equal(Severity.Critical, Assert.Single(Scan(RegistryRule + "rules:\n  custom:our-registry: critical\n", pod).Findings("custom:our-registry")).Severity);
        var exempted = Scan(RegistryRule + "exemptions:\n- rule: custom:our-registry\n  name: p\n  reason: vendor image\n", pod);
        Assert.True(Assert.Single(exempted.Findings, f => f.Rule == "custom:our-registry").Suppressed);
        Assert.Contains("unknown rule \"custom:other\"", Invalid(RegistryRule + "rules:\n  custom:other: off\n").Message);
    }

    [Fact]
    public void Custom_rules_join_a_built_in_profile_and_are_reported_with_it()
    {
        var result = Scan(RegistryRule, Template("Pod", "v1", "", "p"), ProfileRegistry.Hardened);
        Assert.Single(result.Findings("custom:our-registry"));
        Assert.Contains(result.Findings, f => !f.Rule.StartsWith("custom:", StringComparison.Ordinal));
        Assert.Contains(result.Rules, r => r.Id == "custom:our-registry" && r.Category == "custom");
    }

    [Fact]
    public void Expressions_compile_in_the_API_servers_CEL_as_policies_do()
    {
        // cel.bind is in the engine (the conformance suites use it) but not in the API server's
        // environment: a custom rule written with it would not move to a policy unchanged.
        var e = Invalid("""
            customRules:
            - id: bound
              title: t
              severity: low
              match: {kinds: [Pod]}
              expression: "cel.bind(n, object.metadata.name, n != '')"
            """);
        Assert.Contains("customRules[bound].expression: compilation failed", e.Message);
    }

    [Fact]
    public void A_compile_error_is_a_configuration_error_at_the_expressions_own_line_and_column()
    {
        var e = Invalid("""
            customRules:
            - id: broken
              title: t
              severity: low
              match: {kinds: [Pod]}
              expression: |
                object.spec.containers.all(c,
                  c.image ==)
            """);
        Assert.StartsWith($"{ConfigPath}:8:17: customRules[broken].expression: compilation failed: ERROR: <input>:2:13:", e.Message);
        var unknown = Invalid("customRules:\n- id: f\n  title: t\n  severity: low\n  match: {kinds: [Pod]}\n  expression: nosuch(object)\n");
        Assert.StartsWith($"{ConfigPath}:6:15:", unknown.Message);
    }

    [Theory]
    [InlineData("Team-Label", "", "2:7", "is not lower-case kebab-case")]
    [InlineData("custom:x", "", "2:7", "without \"custom:\"")]
    [InlineData("vap:x", "", "2:7", "is not lower-case kebab-case")]
    [InlineData("privileged-container", "", "2:7", "is a built-in rule's id")]
    [InlineData("x", "  colour: red\n", "7:3", "unknown key \"colour\"")]
    [InlineData("x", "  target: pods\n", "7:11", "is not object or podTemplate")]
    public void Invalid_entries_are_configuration_errors_with_their_position(string id, string extra, string at, string message)
    {
        var e = Invalid($"customRules:\n- id: {id}\n  title: t\n  severity: low\n  match: {{kinds: [Pod]}}\n  expression: 'true'\n{extra}");
        Assert.StartsWith($"{ConfigPath}:{at}:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Missing_parts_and_duplicates_are_errors()
    {
        Assert.Contains("needs a severity", Invalid("customRules:\n- id: x\n  title: t\n  match: {kinds: [Pod]}\n  expression: 'true'\n").Message);
        Assert.Contains("needs match.kinds", Invalid("customRules:\n- id: x\n  title: t\n  severity: low\n  expression: 'true'\n").Message);
        Assert.Contains("needs a CEL expression", Invalid("customRules:\n- id: x\n  title: t\n  severity: low\n  match: {kinds: [Pod]}\n").Message);
        Assert.Contains("is defined twice", Invalid("customRules:\n- {id: x, title: t, severity: low, match: {kinds: [Pod]}, expression: 'true'}\n- {id: x, title: t, severity: low, match: {kinds: [Pod]}, expression: 'true'}\n").Message);
        Assert.Contains("values must be given with In", Invalid("customRules:\n- {id: x, title: t, severity: low, match: {kinds: [Pod], labelSelector: {matchExpressions: [{key: a, operator: In}]}}, expression: 'true'}\n").Message);
    }

    [Fact]
    public void A_custom_rule_renders_as_a_rule_page_like_the_built_ins()
    {
        var rule = CustomRules.Of(Parse(RegistryRule)).Single();
        var page = Stockade.Reporting.RuleDocs.Render(rule.Metadata);
        Assert.StartsWith("# custom:our-registry\n\n**Images from our registry**\n\n- Severity: high\n- Category: custom", page);
        Assert.Contains("defined at /repo/.stockade.yaml:2:3", page);
        Assert.Contains("the pod template of every workload kind", page);
        Assert.Contains("An annotation cannot name this rule", page);
        Assert.Contains("  - rule: custom:our-registry", page);
    }
}
