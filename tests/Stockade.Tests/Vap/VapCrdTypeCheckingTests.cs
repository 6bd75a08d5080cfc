using Stockade.Vap;
using static Stockade.Tests.Vap.VapFixtures;

namespace Stockade.Tests.Vap;

/// <summary>
/// A policy on a custom resource is type-checked against its CustomResourceDefinition's schema for
/// the version the rule names, when the CRD is read with the policy: a typo in a field is a
/// warning (never a rejection), a well-typed expression none, and a kind without a CRD is not checked.
/// </summary>
public class VapCrdTypeCheckingTests
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      replicas: {type: integer}
                      size: {x-kubernetes-int-or-string: true}
                      owners: {type: array, items: {type: string}}
                      limits: {type: object, additionalProperties: {type: string}}
                      expires: {type: string, format: date-time}
                      extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
          - name: v1alpha1
            served: false
            storage: false
            schema:
              openAPIV3Schema: {type: object, properties: {spec: {type: object}}}
        """;

    private static IReadOnlyList<VapTypeWarning> Warnings(string expression, string version = "v1", bool withCrd = true)
    {
        var policy = Policy($"""
            matchConstraints:
              resourceRules:
              - apiGroups: ["example.com"]
                apiVersions: ["{version}"]
                operations: ["CREATE"]
                resources: ["widgets"]
            validations:
            - expression: '{expression.Replace("'", "''")}'
            """);
        var set = withCrd ? LoadIllTyped(Crd, policy) : LoadIllTyped(policy);
        return set.Policies.Single().TypeWarnings;
    }

    [Theory]
    [InlineData("object.spec.replicas > 1 && object.spec.owners.all(o, o != '')")]
    [InlineData("object.spec.size == 3 || object.spec.size == '50%'")]
    [InlineData("object.spec.limits.all(k, object.spec.limits[k] != '') && object.spec.expires < timestamp('2030-01-01T00:00:00Z')")]
    [InlineData("object.spec.extra.anything == 1")]
    [InlineData("object.metadata.name.startsWith('w') && 'team' in object.metadata.labels && object.kind == 'Widget'")]
    public void A_well_typed_expression_on_the_custom_resource_gets_no_warning(string expression) => Assert.Empty(Warnings(expression));

    [Fact]
    public void A_field_the_schema_lacks_is_a_warning_at_the_expression()
    {
        var w = Assert.Single(Warnings("object.spec.replcas > 1"));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Equal("example.com/v1, Kind=Widget: ERROR: <input>:1:12: undefined field 'replcas'", w.Text);
    }

    [Fact]
    public void A_type_mismatch_is_a_warning()
    {
        Assert.Contains("no matching overload", Assert.Single(Warnings("object.spec.replicas == 'three'")).Message);
    }

    [Fact]
    public void A_version_not_served_or_a_kind_without_its_crd_is_not_checked()
    {
        Assert.Empty(Warnings("object.spec.replcas > 1", version: "v1alpha1"));
        Assert.Empty(Warnings("object.spec.replcas > 1", withCrd: false));
    }
}
