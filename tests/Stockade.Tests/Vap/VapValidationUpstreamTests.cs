using Stockade.Vap;
using static Stockade.Tests.Vap.VapFixtures;

namespace Stockade.Tests.Vap;

/// <summary>
/// Cases of TestValidateValidatingAdmissionPolicy and TestValidateValidatingAdmissionPolicyBinding in
/// kubernetes/kubernetes pkg/apis/admissionregistration/validation/validation_test.go, ported by name
/// (the spec trimmed to what the case is about) with upstream's error text, checked against
/// validation.go's validateValidatingAdmissionPolicySpec, validateParamKind, validateRule,
/// validateResources, validateValidation, validateAuditAnnotation, validateMatchConditions,
/// validateVariable and validateValidatingAdmissionPolicyBindingSpec.
/// </summary>
public sealed class VapValidationUpstreamTests
{
    private const string Valid = "\nvalidations:\n- expression: 'true'";

    private static string Rule(string resources = "[pods]", string groups = "[\"\"]", string versions = "[v1]", string operations = "[CREATE]", string extra = "") => $$"""
        matchConstraints:
          resourceRules:
          - apiGroups: {{groups}}
            apiVersions: {{versions}}
            operations: {{operations}}
            resources: {{resources}}{{extra}}
        """;

    public static TheoryData<string, string, string?> PolicyCases => new()
    {
        { "failure policy validation", "failurePolicy: other\n" + PodsRule + Valid, "spec.failurePolicy: Unsupported value: \"other\"" },
        { "API version is required in ParamKind", "paramKind: {kind: Example}\n" + PodsRule + Valid, "spec.paramKind.apiVersion: Required value" },
        { "API kind is required in ParamKind", "paramKind: {apiVersion: test.example.com/v1}\n" + PodsRule + Valid, "spec.paramKind.kind: Required value" },
        { "API version format in ParamKind", "paramKind: {apiVersion: test.example.com/!!!, kind: ReplicaLimit}\n" + PodsRule + Valid, "spec.paramKind.apiVersion: Invalid value: \"!!!\"" },
        { "API group format in ParamKind", "paramKind: {apiVersion: '!!!/v1', kind: ReplicaLimit}\n" + PodsRule + Valid, "spec.paramKind.apiVersion: Invalid value: \"!!!\"" },
        { "API version too many slashes in ParamKind", "paramKind: {apiVersion: a/b/c, kind: ReplicaLimit}\n" + PodsRule + Valid, "unexpected GroupVersion string: a/b/c" },
        { "API kind format in ParamKind", "paramKind: {apiVersion: v1, kind: Replica_Limit}\n" + PodsRule + Valid, "spec.paramKind.kind: Invalid value: \"Replica_Limit\": may have mixed case" },
        { "valid ParamKind", "paramKind: {apiVersion: rules.example.com/v1, kind: ReplicaLimit}\n" + PodsRule + Valid, null },
        { "no validation", PodsRule + "\nvalidations: []", "validations or auditAnnotations must contain at least one item" },
        { "resourceRules is required", "matchConstraints: {}" + Valid, "spec.matchConstraints.resourceRules: Required value" },
        { "\"\" is NOT a valid operation", Rule(operations: "[CREATE, '']") + Valid, "Unsupported value: \"\"" },
        { "operation must be either create/update/delete/connect", Rule(operations: "[PATCH]") + Valid, "Unsupported value: \"PATCH\"" },
        { "wildcard operation cannot be mixed with other strings", Rule(operations: "[CREATE, '*']") + Valid, "operations: Invalid value: if '*' is present, must not specify other operations" },
        { "wildcard API group cannot be mixed", Rule(groups: "['*', apps]") + Valid, "apiGroups: Invalid value: if '*' is present, must not specify other API groups" },
        { "wildcard API version cannot be mixed", Rule(versions: "['*', v1]") + Valid, "apiVersions: Invalid value: if '*' is present, must not specify other API versions" },
        { "empty API version", Rule(versions: "['']") + Valid, "apiVersions[0]: Required value" },
        { "resource \"*\" can co-exist with resources that have subresources", Rule(resources: "['*', 'a/b', 'a/*', '*/b']") + Valid, null },
        { "resource \"*\" cannot mix with resources that don't have subresources", Rule(resources: "['*', a]") + Valid, "if '*' is present, must not specify other resources without subresources" },
        { "resource a/* cannot mix with a/x", Rule(resources: "['a/*', 'a/x']") + Valid, "resources[1]: Invalid value: \"a/x\": if 'a/*' is present, must not specify a/x" },
        { "resource a/* can mix with a", Rule(resources: "['a/*', a]") + Valid, null },
        { "resource */a cannot mix with x/a", Rule(resources: "['*/a', 'x/a']") + Valid, "resources[1]: Invalid value: \"x/a\": if '*/a' is present, must not specify x/a" },
        { "resource */* cannot mix with other resources", Rule(resources: "['*/*', a]") + Valid, "if '*/*' is present, must not specify other resources" },
        { "resource must not be empty", Rule(resources: "['']") + Valid, "resources[0]: Required value" },
        { "invalid scope", Rule(extra: "\n    scope: other") + Valid, "scope: Unsupported value: \"other\"" },
        { "invalid expression", PodsRule + "\nvalidations:\n- expression: object.x in [1, 2, ", "spec.validations[0].expression: Invalid value: compilation failed" },
        { "invalid messageExpression", PodsRule + "\nvalidations:\n- expression: 'true'\n  messageExpression: \"'a' +\"", "spec.validations[0].messageExpression: Invalid value: compilation failed" },
        { "messageExpression of only spaces", PodsRule + "\nvalidations:\n- expression: 'true'\n  messageExpression: '   '", "spec.validations[0].messageExpression: Required value" },
        { "message must not contain line breaks", PodsRule + "\nvalidations:\n- expression: 'true'\n  message: \"a\\nb\"", "message must not contain line breaks" },
        { "message must be non-empty if specified", PodsRule + "\nvalidations:\n- expression: 'true'\n  message: '   '", "message must be non-empty if specified" },
        { "invalid reason", PodsRule + "\nvalidations:\n- expression: 'true'\n  reason: other", "spec.validations[0].reason: Unsupported value: \"other\"" },
        { "invalid auditAnnotations key due to key name", PodsRule + "\nauditAnnotations:\n- key: '@'\n  valueExpression: \"'x'\"", "spec.auditAnnotations[0].key: Invalid value: \"@\"" },
        { "duplicate auditAnnotations key", PodsRule + "\nauditAnnotations:\n- key: a\n  valueExpression: \"'x'\"\n- key: a\n  valueExpression: \"'y'\"", "spec.auditAnnotations: Duplicate value: \"a\"" },
        { "invalid auditAnnotations valueExpression", PodsRule + "\nauditAnnotations:\n- key: a\n  valueExpression: \"object.x in [1, 2, \"", "spec.auditAnnotations[0].valueExpression: Invalid value: compilation failed" },
        { "missing auditAnnotations valueExpression", PodsRule + "\nauditAnnotations:\n- key: a", "spec.auditAnnotations[0].valueExpression: Required value" },
        { "single match condition must have a name", PodsRule + Valid + "\nmatchConditions:\n- expression: 'true'", "spec.matchConditions[0].name: Required value" },
        { "match condition names must be qualified names", PodsRule + Valid + "\nmatchConditions:\n- name: '-x'\n  expression: 'true'", "must be a qualified name" },
        { "match condition names must be unique", PodsRule + Valid + "\nmatchConditions:\n- name: a\n  expression: 'true'\n- name: a\n  expression: 'true'", "spec.matchConditions: Duplicate value: \"a\"" },
        { "match condition with invalid expression", PodsRule + Valid + "\nmatchConditions:\n- name: a\n  expression: '1 +'", "spec.matchConditions[0].expression: Invalid value: compilation failed" },
        { "variable name must be a CEL identifier", PodsRule + Valid + "\nvariables:\n- name: 'a-b'\n  expression: 'true'", "name is not a valid CEL identifier" },
        { "variable names must be unique", PodsRule + Valid + "\nvariables:\n- name: a\n  expression: 'true'\n- name: a\n  expression: 'false'", "spec.variables: Duplicate value: \"a\"" },
        { "variable expression is required", PodsRule + Valid + "\nvariables:\n- name: a", "spec.variables[0].expression: Required value" },
        { "variable composition: a variable reads an earlier one", PodsRule + "\nvariables:\n- name: a\n  expression: '1'\n- name: b\n  expression: variables.a + 1\nvalidations:\n- expression: variables.b == 2", null },
        { "variable composition: a variable may not read a later one", PodsRule + "\nvariables:\n- name: a\n  expression: variables.b + 1\n- name: b\n  expression: '1'\nvalidations:\n- expression: variables.a == 2", "spec.variables[0].expression: Invalid value: compilation failed: ERROR: <input>:1:10: undefined field 'b'" },
        { "variable composition: a variable may not read itself", PodsRule + "\nvariables:\n- name: a\n  expression: variables.?a.orValue(0)\nvalidations:\n- expression: 'true'", "spec.variables[0].expression: Invalid value: compilation failed: ERROR: <input>:1:10: undefined field 'a'" },
        { "validation reads an undeclared variable", PodsRule + "\nvariables:\n- name: a\n  expression: '1'\nvalidations:\n- expression: variables.nope == 1", "spec.validations[0].expression: Invalid value: compilation failed: ERROR: <input>:1:10: undefined field 'nope'" },
        { "a string that only looks like a variable is not a reference", PodsRule + "\nvalidations:\n- expression: \"'variables.x' != ''\"", null },
        { "invalid namespaceSelector operator", "matchConstraints:\n  namespaceSelector:\n    matchExpressions:\n    - {key: a, operator: Other}\n" + PodsRule[("matchConstraints:\n".Length)..] + Valid, "operator: Invalid value: \"Other\"" },
        { "matchPolicy validation", "matchConstraints:\n  matchPolicy: other\n" + PodsRule[("matchConstraints:\n".Length)..] + Valid, "matchPolicy: Unsupported value: \"other\"" },
    };

    [Theory]
    [MemberData(nameof(PolicyCases))]
    public void Policy_is_validated_as_upstream(string upstreamCase, string spec, string? expectedError)
    {
        var set = VapLoader.FromText(Policy(spec));
        if (expectedError == null)
        {
            Assert.True(set.Errors.Count == 0, $"{upstreamCase}: {string.Join("; ", set.Errors)}");
            Assert.Single(set.Policies);
        }
        else
        {
            Assert.True(set.Errors.Any(e => e.Message.Contains(expectedError, StringComparison.Ordinal)), $"{upstreamCase}: expected '{expectedError}', got: {string.Join("; ", set.Errors)}");
            Assert.Empty(set.Policies);
        }
    }

    [Fact]
    public void Metadata_name_is_required()
    {
        var set = VapLoader.FromText(Policy(PodsRule + Valid).Replace("  name: p\n", "  labels: {}\n", StringComparison.Ordinal));
        Assert.Contains(set.Errors, e => e.Message.Contains("metadata.name: Required value", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string?> BindingCases => new()
    {
        { "validationActions must be unique", "validationActions: [Deny, Deny]", "spec.validationActions: Duplicate value: \"Deny\"" },
        { "validationActions must contain supported values", "validationActions: [illegal]", "spec.validationActions: Unsupported value: \"illegal\"" },
        { "validationActions must not contain Deny and Warn", "validationActions: [Deny, Warn]", "must not contain both Deny and Warn" },
        { "validationActions is required", "validationActions: []", "spec.validationActions: Required value" },
        { "Audit and Warn together are allowed", "validationActions: [Audit, Warn]", null },
        { "paramRef selector and name cannot be set at the same time", "validationActions: [Deny]\nparamRef: {name: a, selector: {}, parameterNotFoundAction: Allow}", "spec.paramRef: Forbidden: name and selector are mutually exclusive" },
        { "paramRef requires name or selector", "validationActions: [Deny]\nparamRef: {parameterNotFoundAction: Allow}", "spec.paramRef: Required value: one of name or selector must be specified" },
        { "paramRef parameterNotFoundAction must be set", "validationActions: [Deny]\nparamRef: {name: a}", "spec.paramRef.parameterNotFoundAction: Required value" },
        { "paramRef parameterNotFoundAction must be valid", "validationActions: [Deny]\nparamRef: {name: a, parameterNotFoundAction: DoesNotExist}", "spec.paramRef.parameterNotFoundAction: Unsupported value: \"DoesNotExist\"" },
        { "matchResources without resourceRules narrows by selector only", "validationActions: [Deny]\nmatchResources:\n  namespaceSelector: {matchLabels: {a: b}}", null },
    };

    [Theory]
    [MemberData(nameof(BindingCases))]
    public void Binding_is_validated_as_upstream(string upstreamCase, string spec, string? expectedError)
    {
        var set = VapLoader.FromText(Policy(PodsRule + Valid) + "\n---\n" + Binding(spec));
        if (expectedError == null) Assert.True(set.Errors.Count == 0 && set.Bindings.Count == 1, $"{upstreamCase}: {string.Join("; ", set.Errors)}");
        else Assert.True(set.Errors.Any(e => e.Message.Contains(expectedError, StringComparison.Ordinal)), $"{upstreamCase}: expected '{expectedError}', got: {string.Join("; ", set.Errors)}");
    }

    [Fact]
    public void Binding_policy_name_is_required()
    {
        var set = VapLoader.FromText(Policy(PodsRule + Valid) + "\n---\n" + Binding().Replace("  policyName: p\n", "", StringComparison.Ordinal));
        Assert.Contains(set.Errors, e => e.Message.Contains("spec.policyName: Required value", StringComparison.Ordinal));
    }
}
