using static Stockade.Tests.Vap.VapFixtures;

namespace Stockade.Tests.Vap;

public class VapEvaluationTests
{
    private static Stockade.Vap.VapDecision Run(string spec, string bindingSpec = "validationActions: [Deny]", params string[] extra) =>
        Evaluate(Load([Policy(PodsRule + "\n" + spec), Binding(bindingSpec), .. extra]), Pod);

    private const string ParamsKind = "paramKind: {apiVersion: v1, kind: ConfigMap}";
    private const string RegistryParam = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: registry, namespace: team-a}
        data: {prefix: "registry.example.com/"}
        """;

    [Fact]
    public void A_false_validation_denies_with_the_message_worded_as_the_api_server()
    {
        var d = Run("validations:\n- expression: \"object.spec.containers.all(c, !c.image.endsWith(':latest'))\"\n  message: no latest tags");
        var v = Assert.Single(d.Violations);
        Assert.Equal("ValidatingAdmissionPolicy 'p' with binding 'b' denied request: no latest tags", v.Message);
        Assert.True(d.Denied);
    }

    [Fact]
    public void Without_a_message_the_failed_expression_is_named() =>
        Assert.EndsWith("denied request: failed expression: object.metadata.name == 'x'", Run("validations:\n- expression: object.metadata.name == 'x'").Violations.Single().Message);

    [Fact]
    public void A_message_expression_is_evaluated_and_the_reason_kept()
    {
        var v = Run("validations:\n- expression: 'false'\n  messageExpression: \"'pod ' + object.metadata.name + ' refused'\"\n  reason: Forbidden").Violations.Single();
        Assert.EndsWith("pod web refused", v.Message);
        Assert.Equal("Forbidden", v.Reason);
    }

    [Fact]
    public void Variables_are_read_through_the_variables_map_and_see_earlier_variables()
    {
        var d = Run("""
            variables:
            - name: images
              expression: object.spec.containers.map(c, c.image)
            - name: latest
              expression: variables.images.filter(i, i.endsWith(':latest'))
            validations:
            - expression: size(variables.latest) == 0
            """);
        Assert.True(d.Denied);
    }

    [Fact]
    public void An_unread_variable_that_fails_does_not_fail_the_policy() =>
        Assert.Empty(Run("variables:\n- name: broken\n  expression: 1/0\nvalidations:\n- expression: 'true'").Violations);

    [Fact]
    public void A_false_match_condition_leaves_the_object_out_of_scope() =>
        Assert.Empty(Run("matchConditions:\n- name: only-db\n  expression: object.metadata.name == 'db'\nvalidations:\n- expression: 'false'").Violations);

    [Fact]
    public void An_evaluation_error_denies_under_fail_and_is_a_note_under_ignore()
    {
        // A field Pods do not have: the type checker warns, evaluation errors.
        var fail = Evaluate(LoadIllTyped([Policy(PodsRule + "\nvalidations:\n- expression: object.spec.noSuchField == 1"), Binding()]), Pod);
        Assert.Contains("resulted in error: no such key", Assert.Single(fail.Violations).Message);
        var ignore = Evaluate(LoadIllTyped([Policy(PodsRule + "\nfailurePolicy: Ignore\nvalidations:\n- expression: object.spec.noSuchField == 1"), Binding()]), Pod);
        Assert.Empty(ignore.Violations);
        Assert.Contains(ignore.Notes, n => n.Contains("failurePolicy Ignore"));
    }

    [Fact]
    public void Params_are_found_by_name_in_the_request_namespace()
    {
        const string check = ParamsKind + "\nvalidations:\n- expression: object.spec.containers.all(c, c.image.startsWith(params.data.prefix))";
        var d = Run(check, "validationActions: [Deny]\nparamRef: {name: registry, parameterNotFoundAction: Deny}", RegistryParam);
        Assert.True(d.Denied);
        var ok = Evaluate(Load(Policy(PodsRule + "\n" + check), Binding("validationActions: [Deny]\nparamRef: {name: registry, parameterNotFoundAction: Deny}"),
            RegistryParam.Replace("registry.example.com/", "nginx")), Pod);
        Assert.False(ok.Denied);
    }

    [Fact]
    public void Params_are_selected_by_label_and_each_is_evaluated()
    {
        var second = RegistryParam.Replace("name: registry", "name: second, labels: {use: images}").Replace("registry.example.com/", "nginx");
        var first = RegistryParam.Replace("name: registry", "name: registry, labels: {use: images}");
        var d = Run(ParamsKind + "\nvalidations:\n- expression: object.spec.containers.all(c, c.image.startsWith(params.data.prefix))",
            "validationActions: [Deny]\nparamRef: {selector: {matchLabels: {use: images}}, parameterNotFoundAction: Allow}", first, second);
        Assert.Single(d.Violations); // the first param denies, the second allows
    }

    [Fact]
    public void Missing_params_deny_or_allow_as_the_binding_says()
    {
        var deny = Run(ParamsKind + "\nvalidations:\n- expression: 'true'", "validationActions: [Deny]\nparamRef: {name: absent, parameterNotFoundAction: Deny}");
        Assert.Contains("no params found", Assert.Single(deny.Violations).Message);
        var allow = Run(ParamsKind + "\nvalidations:\n- expression: 'false'", "validationActions: [Deny]\nparamRef: {name: absent, parameterNotFoundAction: Allow}");
        Assert.Empty(allow.Violations);
    }

    [Fact]
    public void Warn_and_audit_bindings_do_not_deny()
    {
        var d = Run("validations:\n- expression: 'false'\n  message: m", "validationActions: [Warn, Audit]");
        Assert.False(d.Denied);
        Assert.Equal("Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': ValidatingAdmissionPolicy 'p' with binding 'b' denied request: m".Length > 0, d.Warnings.Any());
    }

    [Fact]
    public void Audit_annotations_are_keyed_by_policy_and_a_null_value_omits_one()
    {
        var d = Run("auditAnnotations:\n- key: image\n  valueExpression: object.spec.containers[0].image\n- key: none\n  valueExpression: 'null'");
        Assert.Equal("nginx:latest", d.AuditAnnotations["p/image"]);
        Assert.False(d.AuditAnnotations.ContainsKey("p/none"));
    }

    [Fact]
    public void The_request_variable_is_an_offline_create_with_no_old_object() =>
        Assert.Empty(Run("validations:\n- expression: request.operation == 'CREATE' && oldObject == null && request.namespace == 'team-a' && request.resource.resource == 'pods'").Violations);

    [Fact]
    public void Namespace_object_is_the_namespace_from_the_files_or_null()
    {
        var ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {tier: gold}}";
        Assert.Empty(Run("validations:\n- expression: namespaceObject.metadata.labels.tier == 'gold'", "validationActions: [Deny]", ns).Violations);
        Assert.Empty(Run("validations:\n- expression: namespaceObject == null").Violations);
    }

    [Fact]
    public void The_authorizer_offline_is_an_error_saying_it_is_not_available()
    {
        var d = Run("validations:\n- expression: authorizer.group('').resource('pods').namespace('team-a').check('create').allowed()");
        Assert.Contains("authorizer is not available offline", Assert.Single(d.Violations).Message);
    }
}
