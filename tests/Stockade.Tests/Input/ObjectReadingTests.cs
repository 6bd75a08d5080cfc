using Stockade.Engine;

namespace Stockade.Tests.Input;

/// <summary>JSON input and List unpacking, with positions and item paths.</summary>
public class ObjectReadingTests
{
    private const string JsonPod = """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {"name": "NAME"},
          "spec": {
            "containers": [
              {"name": "app", "image": "nginx", "securityContext": {"privileged": true, "runAsUser": RUNAS}}
            ]
          }
        }
        """;

    private static string Json(string name, string runAsUser = "1000") => JsonPod.Replace("NAME", name).Replace("RUNAS", runAsUser);

    [Fact]
    public void A_json_object_file_is_read_with_positions()
    {
        var result = InputKit.Scan(Json("a"), file: "pod.json");
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(7, finding.Line);
        Assert.Equal(Json("a").Split('\n')[6].IndexOf("\"privileged\"") + 1, finding.Column);
        Assert.Equal("spec.containers[0].securityContext.privileged", finding.Path);
    }

    [Fact]
    public void A_json_stream_of_two_objects_yields_both()
    {
        var result = InputKit.Scan(Json("a") + "\n" + Json("b"), file: "pods.json");
        Assert.Empty(result.Errors);
        Assert.Equal(["a", "b"], result.Objects.Select(o => o.Object.Name));
        Assert.Equal([7, 17], result.Findings("privileged-container").Select(f => f.Line));
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("1000.0")]
    [InlineData("1.5")]
    [InlineData("\"1000\"")]
    [InlineData("true")]
    public void Json_numbers_follow_json_rules_an_integer_field_takes_only_an_integer_literal(string value)
    {
        var result = InputKit.Scan(Json("a", value), file: "pod.json");
        var error = Assert.Single(result.Errors);
        Assert.Contains("runAsUser: expected a 64-bit integer", error.Message);
        Assert.Equal(7, error.Line);
        Assert.Equal(Verdict.Fail, Assert.Single(result.Objects).Verdict);
    }

    [Theory]
    [InlineData("-0", 0)]
    [InlineData("0", 0)]
    [InlineData("2000", 2000)]
    public void Json_integer_literals_decode(string value, long expected)
    {
        var result = InputKit.Scan(Json("a", value), file: "pod.json");
        Assert.Empty(result.Errors);
        Assert.Single(result.Findings("privileged-container"));
        _ = expected;
    }

    [Fact]
    public void A_json_syntax_error_keeps_the_objects_before_it()
    {
        var result = InputKit.Scan(Json("a") + "\n{\"apiVersion\": \"v1\", \"kind\": ", file: "pods.json");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("JSON syntax error", error.Message);
        Assert.Equal(11, error.Line);
        Assert.Single(result.Findings("privileged-container"));
    }

    [Fact]
    public void A_byte_order_mark_before_json_makes_kubectl_read_it_as_yaml()
    {
        // kubectl sniffs JSON by a leading '{' after whitespace; a BOM is not whitespace, so the
        // stream goes to the YAML reader, where 1e3 is the float 1000 and decodes into runAsUser.
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(Json("a", "1e3"))).ToArray();
        var result = InputKit.ScanBytes(bytes, file: "pod.json");
        Assert.Empty(result.Errors);
        Assert.Equal(7, Assert.Single(result.Findings("privileged-container")).Line);
    }

    [Theory]
    [InlineData("List", "v1")]
    [InlineData("PodList", "v1")]
    [InlineData("DeploymentList", "apps/v1")]
    public void List_items_are_unpacked_with_positions_and_item_paths(string kind, string apiVersion)
    {
        var itemKind = kind == "DeploymentList" ? "Deployment" : "Pod";
        var yaml = $"""
            apiVersion: {apiVersion}
            kind: {kind}
            items:
            - apiVersion: {apiVersion}
              kind: {itemKind}
              metadata: {"{name: first}"}
              {Body(itemKind, privileged: false)}
            - apiVersion: {apiVersion}
              kind: {itemKind}
              metadata: {"{name: second}"}
              {Body(itemKind, privileged: true)}
            """;
        var result = InputKit.Scan(yaml);
        Assert.Empty(result.Errors);
        Assert.Equal(["first", "second"], result.Objects.Select(o => o.Object.Name));
        Assert.Equal([4, 8], result.Objects.Select(o => o.Line));
        var finding = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(11, finding.Line);
        var expectedPath = itemKind == "Pod"
            ? "items[1].spec.containers[0].securityContext.privileged"
            : "items[1].spec.template.spec.containers[0].securityContext.privileged";
        Assert.Equal(expectedPath, finding.Path);
        Assert.Equal(itemKind, finding.Object.Kind);
    }

    private static string Body(string kind, bool privileged)
    {
        var container = $"{{containers: [{{name: app, image: nginx, securityContext: {{privileged: {(privileged ? "true" : "false")}}}}}]}}";
        return kind == "Pod" ? $"spec: {container}" : $"spec: {{selector: {{}}, template: {{spec: {container}}}}}";
    }

    [Fact]
    public void A_list_item_without_kind_is_a_note_and_the_other_items_are_read()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
            - metadata: {name: orphan}
            - apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec: {containers: [{name: app, image: x, securityContext: {privileged: true}}]}
            """;
        var result = InputKit.Scan(yaml);
        Assert.Empty(result.Errors);
        var note = Assert.Single(result.Notes);
        Assert.Equal((4, 3), (note.Line, note.Column));
        Assert.Contains("items[0]", note.Message);
        Assert.Equal("items[1].spec.containers[0].securityContext.privileged", Assert.Single(result.Findings("privileged-container")).Path);
    }

    [Fact]
    public void A_list_item_that_is_not_a_mapping_is_an_error()
    {
        var result = InputKit.Scan("apiVersion: v1\nkind: List\nitems:\n- just text\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal((4, 3), (error.Line, error.Column));
        Assert.Contains("items[0]", error.Message);
    }

    [Fact]
    public void An_empty_list_has_no_objects()
    {
        var result = InputKit.Scan("apiVersion: v1\nkind: List\nitems: []\n---\napiVersion: v1\nkind: List\nitems:\n");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void A_json_list_is_unpacked()
    {
        const string json = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"},
               "spec": {"containers": [{"name": "c", "image": "x", "securityContext": {"privileged": true}}]}}
            ]}
            """;
        var result = InputKit.Scan(json, file: "list.json");
        var finding = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(3, finding.Line);
        Assert.Equal("items[0].spec.containers[0].securityContext.privileged", finding.Path);
    }

    [Theory]
    [InlineData("apiVersion: 1\nkind: Pod", "apiVersion: expected a string")]
    [InlineData("apiVersion: v1\nkind: [Pod]", "kind: expected a string")]
    public void Apiversion_and_kind_of_the_wrong_type_are_errors(string yaml, string message)
    {
        var result = InputKit.Scan(yaml);
        Assert.Contains(message, Assert.Single(result.Errors).Message);
    }
}
