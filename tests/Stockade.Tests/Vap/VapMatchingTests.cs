using static Stockade.Tests.Vap.VapFixtures;

namespace Stockade.Tests.Vap;

public class VapMatchingTests
{
    private static bool Denies(string match, string obj, string bindingSpec = "validationActions: [Deny]", params string[] extra) =>
        Evaluate(Load([Policy(match + "\nvalidations:\n- expression: 'false'"), Binding(bindingSpec), .. extra]), obj).Denied;

    private static string Rule(string groups, string versions, string resources, string ops = "[\"CREATE\"]", string more = "") => $"""
        matchConstraints:
          resourceRules:
          - apiGroups: {groups}
            apiVersions: {versions}
            operations: {ops}
            resources: {resources}
        {more}
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d, namespace: team-a}
        spec:
          template:
            spec:
              containers: [{name: c, image: nginx}]
        """;

    [Fact]
    public void A_pods_policy_does_not_fire_on_a_deployment_template() => Assert.False(Denies(PodsRule, Deployment));

    [Fact]
    public void A_pods_policy_fires_on_a_pod() => Assert.True(Denies(PodsRule, Pod));

    [Fact]
    public void A_deployments_rule_fires_on_a_deployment() => Assert.True(Denies(Rule("[apps]", "[v1]", "[deployments]"), Deployment));

    [Fact]
    public void A_star_resource_matches_every_resource_but_not_subresources_only() =>
        Assert.True(Denies(Rule("['*']", "['*']", "['*']", "['*']"), Deployment));

    [Fact]
    public void A_status_subresource_rule_does_not_match_the_create_of_the_object() =>
        Assert.False(Denies(Rule("['']", "[v1]", "[pods/status]"), Pod));

    [Fact]
    public void An_update_only_rule_does_not_match_the_offline_create() =>
        Assert.False(Denies(Rule("['']", "[v1]", "[pods]", "[UPDATE]"), Pod));

    [Fact]
    public void Resource_names_limit_the_match()
    {
        Assert.True(Denies(Rule("['']", "[v1]", "[pods]") + "    resourceNames: [web]", Pod));
        Assert.False(Denies(Rule("['']", "[v1]", "[pods]") + "    resourceNames: [other]", Pod));
    }

    [Fact]
    public void Excluded_resources_are_not_matched() =>
        Assert.False(Denies(Rule("['*']", "['*']", "['*']", more: "  excludeResourceRules:\n  - {apiGroups: [''], apiVersions: ['*'], operations: ['*'], resources: [pods]}"), Pod));

    [Fact]
    public void Equivalent_match_policy_matches_an_older_group_version_and_exact_does_not()
    {
        var old = Deployment.Replace("apps/v1", "extensions/v1beta1");
        Assert.True(Denies(Rule("[apps]", "[v1]", "[deployments]"), old));
        Assert.False(Denies(Rule("[apps]", "[v1]", "[deployments]", more: "  matchPolicy: Exact"), old));
    }

    [Fact]
    public void The_namespace_name_label_is_matched_as_the_api_server_adds_it()
    {
        var selector = "  namespaceSelector:\n    matchLabels: {kubernetes.io/metadata.name: team-a}";
        Assert.True(Denies(PodsRule + "\n" + selector, Pod));
        Assert.False(Denies(PodsRule + "\n" + selector.Replace("team-a", "team-b"), Pod));
    }

    [Fact]
    public void A_namespace_selector_reads_the_labels_of_the_namespace_in_the_files()
    {
        var selector = "  namespaceSelector:\n    matchExpressions: [{key: env, operator: In, values: [prod]}]";
        var ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {env: prod}}";
        Assert.True(Denies(PodsRule + "\n" + selector, Pod, "validationActions: [Deny]", ns));
        Assert.False(Denies(PodsRule + "\n" + selector, Pod));
    }

    [Fact]
    public void An_object_selector_reads_the_object_labels()
    {
        Assert.True(Denies(PodsRule + "\n  objectSelector: {matchLabels: {app: web}}", Pod));
        Assert.False(Denies(PodsRule + "\n  objectSelector: {matchLabels: {app: db}}", Pod));
    }

    [Fact]
    public void The_binding_match_resources_narrow_the_policy() =>
        Assert.False(Denies(PodsRule, Pod, "validationActions: [Deny]\nmatchResources:\n  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}"));

    [Fact]
    public void A_kind_defined_by_a_crd_in_the_files_is_matched_by_its_plural()
    {
        var crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgetz}
            """;
        var widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: team-a}";
        Assert.True(Denies(Rule("[example.com]", "[v1]", "[widgetz]"), widget, "validationActions: [Deny]", crd));
    }
}
