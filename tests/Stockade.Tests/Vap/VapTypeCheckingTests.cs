using Stockade.Tests.Docs;
using Stockade.Vap;
using static Stockade.Tests.Vap.VapFixtures;

namespace Stockade.Tests.Vap;

/// <summary>
/// Type checking against the built-in schemas: a warning for what cel-go's checker rejects
/// (positioned in the file, worded as <c>status.typeChecking</c>), none for a well-typed expression.
/// </summary>
public class VapTypeCheckingTests
{
    private const string DeploymentsRule = """
        matchConstraints:
          resourceRules:
          - apiGroups: ["apps"]
            apiVersions: ["v1"]
            operations: ["CREATE"]
            resources: ["deployments"]
        """;

    private static IReadOnlyList<VapTypeWarning> Warnings(string expression, string rule = DeploymentsRule, string extra = "")
    {
        var set = LoadIllTyped(Policy(rule + "\n" + extra + "validations:\n- expression: " + Quote(expression)));
        return set.Policies.Single().TypeWarnings;
    }

    private static string Quote(string e) => "'" + e.Replace("'", "''") + "'";

    [Theory]
    [InlineData("object.spec.replicas > 1")]
    [InlineData("object.spec.replicas >= 1.5")]
    [InlineData("object.metadata.name.startsWith('web-') && object.metadata.namespace != 'default'")]
    [InlineData("has(object.metadata.labels) && 'team' in object.metadata.labels")]
    [InlineData("object.metadata.?labels.team.orValue('') != ''")]
    [InlineData("object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))")]
    [InlineData("object.spec.template.spec.containers.all(c, !has(c.securityContext) || c.securityContext.?privileged.orValue(false) == false)")]
    [InlineData("object.spec.template.spec.containers.map(c, c.name).exists(n, n == 'app')")]
    [InlineData("object.spec.template.spec.containers.all(c, has(c.resources.limits) && 'memory' in c.resources.limits)")]
    [InlineData("object.spec.template.spec.containers.all(c, quantity(string(c.resources.limits.cpu)).isLessThan(quantity('2')))")]
    [InlineData("object.spec.strategy.rollingUpdate.maxSurge == 1 || object.spec.strategy.rollingUpdate.maxSurge == '25%'")]
    [InlineData("object.metadata.creationTimestamp == null || object.metadata.creationTimestamp < timestamp('2030-01-01T00:00:00Z')")]
    [InlineData("request.userInfo.username != 'system:admin' && request.operation == 'CREATE' && !request.dryRun")]
    [InlineData("namespaceObject.metadata.labels['env'] == 'prod'")]
    [InlineData("authorizer.group('apps').resource('deployments').namespace('x').check('update').allowed()")]
    [InlineData("size(object.spec.template.spec.containers) < 10 && object.spec.template.spec.containers.size() > 0")]
    [InlineData("object.spec.template.spec.containers.exists_one(c, c.name == 'app')")]
    [InlineData("object.spec.template.spec.containers.filter(c, c.ports.size() > 0).size() >= 0")]
    [InlineData("object.spec.template.spec.containers.all(i, c, i >= 0 && c.name != '')")]
    [InlineData("object.metadata.labels.all(k, v, k.size() < 64 && v.matches('^[a-z]*$'))")]
    [InlineData("oldObject == null || object.spec.replicas == oldObject.spec.replicas")]
    [InlineData("object.spec.template.metadata.annotations.exists(k, k.startsWith('x/'))")]
    [InlineData("[1, 2, 3].sum() == 6 && ['a', 'b'].join(',') == 'a,b' && 'a,b'.split(',').size() == 2")]
    [InlineData("dyn(object.spec.replicas) == 'x' || type(object.spec.replicas) == int")]
    [InlineData("ip('10.0.0.1').family() == 4 && cidr('10.0.0.0/8').containsIP('10.0.0.1') && url('https://x').getHost() == 'x'")]
    [InlineData("object.spec.template.spec.?securityContext.?runAsNonRoot.orValue(false)")]
    [InlineData("object.spec.selector.matchLabels == object.spec.template.metadata.labels")]
    public void A_well_typed_expression_gets_no_warning(string expression) => Assert.Empty(Warnings(expression));

    [Theory]
    [InlineData("object.spec.replica > 1", "undefined field 'replica'")]
    [InlineData("object.spec.replicas == 'three'", "found no matching overload for '_==_' applied to '(int, string)'")]
    [InlineData("object.metadata.name > 1", "found no matching overload for '_>_' applied to '(string, int)'")]
    [InlineData("object.spec.template.spec.containers.all(c, c.imagePullPolicy.size() > 0 && c.img != '')", "undefined field 'img'")]
    [InlineData("object.metadata.name.startsWith(1)", "found no matching overload for 'startsWith' applied to 'string.(int)'")]
    [InlineData("object.spec.paused.size() > 0", "found no matching overload for 'size' applied to 'bool.()'")]
    [InlineData("object.metadata.name.foo == ''", "type 'string' does not support field selection")]
    [InlineData("object.spec.replicas.all(x, true)", "expression of type 'int' cannot be range of a comprehension")]
    [InlineData("request.userInfo.name == 'x'", "undefined field 'name'")]
    [InlineData("namespaceObject.metadata.labelz == {}", "undefined field 'labelz'")]
    public void An_ill_typed_expression_gets_the_checker_s_warning(string expression, string message)
    {
        var w = Assert.Single(Warnings(expression));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Equal("apps/v1, Kind=Deployment", w.Gvk);
        Assert.Contains(message, w.Text);
    }

    [Fact]
    public void A_warning_is_at_the_field_s_line_and_column_in_the_file()
    {
        var set = LoadIllTyped(Policy(DeploymentsRule + "\nvalidations:\n- expression: \"object.spec.replica > 1\""));
        var w = Assert.Single(set.Policies.Single().TypeWarnings);
        // The expression is on the policy's line 13, its quoted scalar from column 17: the '.' before replica is column 29.
        Assert.Equal("apps/v1, Kind=Deployment: ERROR: <input>:1:12: undefined field 'replica'", w.Text);
        Assert.Equal(new Stockade.Yaml.SourcePosition(13, 29), w.Position);
    }

    [Fact]
    public void Each_kind_matched_is_checked_and_a_kind_without_the_field_warns()
    {
        const string rule = """
            matchConstraints:
              resourceRules:
              - apiGroups: ["apps"]
                apiVersions: ["v1"]
                operations: ["CREATE"]
                resources: ["deployments", "daemonsets"]
            """;
        var w = Assert.Single(Warnings("object.spec.replicas > 0", rule));
        Assert.Equal("apps/v1, Kind=DaemonSet", w.Gvk);
    }

    [Fact]
    public void Params_of_a_built_in_kind_are_typed() =>
        Assert.Contains("undefined field 'dat'", Assert.Single(Warnings("object.metadata.name in params.dat", extra: "paramKind: {apiVersion: v1, kind: ConfigMap}\n")).Text);

    [Fact]
    public void Variables_have_the_type_of_their_expression()
    {
        var w = Assert.Single(Warnings("variables.count == 'x'", extra: "variables:\n- name: count\n  expression: object.spec.replicas\n"));
        Assert.Contains("'_==_' applied to '(int, string)'", w.Text);
    }

    [Fact]
    public void A_custom_resource_or_a_wildcard_rule_is_not_checked()
    {
        const string crd = """
            matchConstraints:
              resourceRules:
              - apiGroups: ["example.com"]
                apiVersions: ["v1"]
                operations: ["CREATE"]
                resources: ["widgets"]
              - apiGroups: ["*"]
                apiVersions: ["*"]
                operations: ["CREATE"]
                resources: ["deployments"]
            """;
        Assert.Empty(Warnings("object.spec.anything == 1", crd));
    }

    public static TheoryData<string> ExamplePolicyFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepositoryFiles.PathOf("examples"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (File.ReadAllText(f).Contains("kind: ValidatingAdmissionPolicy", StringComparison.Ordinal)) data.Add(Path.GetRelativePath(RepositoryFiles.PathOf("examples"), f));
        return data;
    }

    [Theory]
    [MemberData(nameof(ExamplePolicyFiles))]
    public void Every_example_policy_is_well_typed(string file)
    {
        var path = Path.Combine(RepositoryFiles.PathOf("examples"), file);
        var set = VapLoader.Load([(path, () => File.OpenRead(path))]);
        Assert.NotEmpty(set.Policies);
        Assert.Empty(set.Policies.SelectMany(p => p.TypeWarnings).Select(w => w.Text));
    }
}
