using System.Text.Json.Nodes;
using Stockade.Psp;
using Stockade.Yaml;

namespace Stockade.Tests.Yaml;

public class YamlEditorTests
{
    /// <summary>Parses <paramref name="yaml"/>, sets each (pointer, JSON value) on its JSON and edits the text to match.</summary>
    private static string Edited(string yaml, params (string Pointer, string Json)[] sets)
    {
        var doc = YamlTreeBuilder.Parse(yaml, "t.yaml", 0, 1, ParseLimits.Default);
        Assert.Null(doc.Error);
        var desired = TreeJson.From(doc.Root!)!;
        foreach (var (pointer, json) in sets) PspJson.Set(desired, pointer, JsonNode.Parse(json));
        var result = YamlEditor.Edit(yaml, 1, doc.Root, desired);
        Assert.True(result.KeptLayout, "the edit fell back to rewriting the document:\n" + result.Text);
        Assert.True(YamlEditor.ReadsAs(result.Text, 1, desired));
        return result.Text;
    }

    [Fact]
    public void Records_end_positions_and_flow_style()
    {
        var doc = YamlTreeBuilder.Parse("a: {b: 1}\nc:\n- x\n- 'y' # c\nd: z\n", "t", 0, 1, ParseLimits.Default);
        var root = (YMapping)doc.Root!;
        var flow = (YMapping)root["a"]!;
        Assert.True(flow.IsFlow);
        Assert.Equal(new SourcePosition(1, 10), flow.End);
        var seq = (YSequence)root["c"]!;
        Assert.False(seq.IsFlow);
        Assert.Equal(new SourcePosition(4, 6), seq.End);
        Assert.Equal(new SourcePosition(5, 5), root.End);
    }

    [Fact]
    public void Json_trees_record_end_positions()
    {
        var docs = JsonTreeBuilder.Parse("{\"a\": [1, 2],\n \"b\": \"x\"}"u8.ToArray(), "t.json", ParseLimits.Default);
        var root = (YMapping)docs[0].Root!;
        Assert.True(root.IsFlow);
        Assert.Equal(new SourcePosition(1, 13), root["a"]!.End);
        Assert.Equal(new SourcePosition(2, 11), root.End);
    }

    [Fact]
    public void Unchanged_document_is_verbatim()
    {
        const string yaml = "# c\na:   1   # x\n\nb: [ 1,2 ]\n";
        Assert.Equal(yaml, Edited(yaml));
    }

    [Fact]
    public void Key_added_to_block_mapping_goes_after_last_entry_at_first_key_indentation()
    {
        const string yaml = "metadata:\n  name: web   # the name\n  labels:\n    app: web\n# trailing comment\nspec: {}\n";
        Assert.Equal(
            "metadata:\n  name: web   # the name\n  labels:\n    app: web\n  annotations:\n    kubernetes.io/psp: \"restricted\"\n# trailing comment\nspec: {}\n",
            Edited(yaml, ("/metadata/annotations/kubernetes.io~1psp", "\"restricted\"")));
    }

    [Fact]
    public void Key_added_to_a_container_in_a_sequence_aligns_with_name()
    {
        const string yaml = "containers:\n- name: app\n  image: x\n- name: side\n  image: y\n";
        Assert.Equal(
            "containers:\n- name: app\n  image: x\n  securityContext:\n    runAsNonRoot: true\n    capabilities:\n      drop: [\"ALL\"]\n- name: side\n  image: y\n",
            Edited(yaml, ("/containers/0/securityContext", "{\"runAsNonRoot\": true, \"capabilities\": {\"drop\": [\"ALL\"]}}")));
    }

    [Fact]
    public void Missing_parents_are_created_as_nested_block_mappings()
    {
        const string yaml = "metadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: x\n";
        Assert.Equal(
            "metadata:\n  name: p\n  annotations:\n    kubernetes.io/psp: \"p\"\nspec:\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        allowPrivilegeEscalation: false\n",
            Edited(yaml,
                ("/metadata/annotations/kubernetes.io~1psp", "\"p\""),
                ("/spec/containers/0/securityContext/allowPrivilegeEscalation", "false")));
    }

    [Fact]
    public void Key_added_to_flow_mapping_goes_before_the_brace()
    {
        Assert.Equal("securityContext: {runAsUser: 1, \"fsGroup\": 2}  # c\n",
            Edited("securityContext: {runAsUser: 1}  # c\n", ("/securityContext/fsGroup", "2")));
        Assert.Equal("securityContext: {\"fsGroup\": 2}\n",
            Edited("securityContext: {}\n", ("/securityContext/fsGroup", "2")));
    }

    [Fact]
    public void Items_appended_to_block_and_flow_sequences()
    {
        Assert.Equal("drop:\n  - NET_RAW  # c\n  - \"ALL\"\nx: 1\n",
            Edited("drop:\n  - NET_RAW  # c\nx: 1\n", ("/drop", "[\"NET_RAW\", \"ALL\"]")));
        Assert.Equal("drop: [NET_RAW, \"ALL\"]\n",
            Edited("drop: [NET_RAW]\n", ("/drop", "[\"NET_RAW\", \"ALL\"]")));
        Assert.Equal("drop: [\"ALL\"]\n",
            Edited("drop: []\n", ("/drop", "[\"ALL\"]")));
    }

    [Fact]
    public void Changed_scalar_is_replaced_in_place()
    {
        Assert.Equal("runAsUser: 1000 # was root\nname: 'x'\n",
            Edited("runAsUser: 0 # was root\nname: 'x'\n", ("/runAsUser", "1000")));
        Assert.Equal("privileged: false\n", Edited("privileged: yes\n", ("/privileged", "false")));
    }

    [Fact]
    public void Collection_whose_shape_changed_is_replaced_by_flow_json()
    {
        Assert.Equal("a:\n  {\"y\": 2}\nb: 1\n", Edited("a:\n  x: 1\nb: 1\n", ("/a", "{\"y\": 2}")));
        Assert.Equal("a:\n  [\"z\"]\nb: 1\n", Edited("a:\n- x\n- y\nb: 1\n", ("/a", "[\"z\"]")));
    }

    [Fact]
    public void Null_value_becomes_flow_json()
    {
        Assert.Equal("metadata:\n  annotations: {\"k\": \"v\"}\n  name: x\n",
            Edited("metadata:\n  annotations:\n  name: x\n", ("/metadata/annotations", "{\"k\": \"v\"}")));
    }

    [Fact]
    public void Crlf_line_endings_are_kept()
    {
        const string yaml = "metadata:\r\n  name: p # c\r\nspec:\r\n  x: 1\r\n";
        Assert.Equal("metadata:\r\n  name: p # c\r\n  annotations:\r\n    a: \"b\"\r\nspec:\r\n  x: 1\r\n",
            Edited(yaml, ("/metadata/annotations/a", "\"b\"")));
    }

    [Fact]
    public void Last_entry_may_be_a_block_scalar()
    {
        const string yaml = "c:\n- name: app\n  args: |\n    echo hi\n    echo there\n\n# done\nz: 1\n";
        Assert.Equal("c:\n- name: app\n  args: |\n    echo hi\n    echo there\n  securityContext:\n    privileged: false\n\n# done\nz: 1\n",
            Edited(yaml, ("/c/0/securityContext/privileged", "false")));
    }

    [Fact]
    public void Document_without_trailing_newline()
    {
        Assert.Equal("a:\n  b: 1\n  c: \"x\"", Edited("a:\n  b: 1", ("/a/c", "\"x\"")));
    }

    [Fact]
    public void Edits_inside_the_items_of_a_list_document()
    {
        const string yaml = "apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    name: a\n- kind: Pod\n  metadata: {name: b}\n";
        Assert.Equal(
            "apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    name: a\n    annotations:\n      kubernetes.io/psp: \"r\"\n- kind: Pod\n  metadata: {name: b, \"annotations\": {\"kubernetes.io/psp\": \"r\"}}\n",
            Edited(yaml,
                ("/items/0/metadata/annotations/kubernetes.io~1psp", "\"r\""),
                ("/items/1/metadata/annotations/kubernetes.io~1psp", "\"r\"")));
    }

    [Fact]
    public void Keys_that_yaml_would_read_otherwise_are_quoted()
    {
        Assert.Equal("a: 1\n\"on\": true\n\"1x\": 2\n", Edited("a: 1\n", ("/on", "true"), ("/1x", "2")));
    }

    [Fact]
    public void Edits_through_an_anchor_shared_elsewhere_fall_back_to_a_rewrite()
    {
        const string yaml = "a: &s\n  x: 1\nb: *s\n";
        var doc = YamlTreeBuilder.Parse(yaml, "t", 0, 1, ParseLimits.Default);
        var desired = TreeJson.From(doc.Root!)!;
        PspJson.Set(desired, "/b/y", JsonValue.Create(2));
        var result = YamlEditor.Edit(yaml, 1, doc.Root, desired);
        Assert.False(result.KeptLayout);
        Assert.True(YamlEditor.ReadsAs(result.Text, 1, desired));
    }

    [Fact]
    public void Last_entry_with_an_empty_value()
    {
        Assert.Equal("a:\n  b:\n  d: 1\n\nc: 1\n", Edited("a:\n  b:\n\nc: 1\n", ("/a/d", "1")));
    }

    [Fact]
    public void Comment_lines_after_the_last_entry_stay_after_it()
    {
        const string yaml = "spec:\n  containers:\n    - name: app   # main\n      image: x\n      # more later\n\n    - name: b\n      image: z\n";
        Assert.Equal("spec:\n  containers:\n    - name: app   # main\n      image: x\n      tty: true\n      # more later\n\n    - name: b\n      image: z\n    - \"c\"\n",
            Edited(yaml, ("/spec/containers/0/tty", "true"), ("/spec/containers", "[{\"name\": \"app\", \"image\": \"x\", \"tty\": true}, {\"name\": \"b\", \"image\": \"z\"}, \"c\"]")));
    }

    [Fact]
    public void Object_appended_to_a_block_sequence_is_written_as_a_block_item()
    {
        Assert.Equal("c:\n- name: a\n- name: \"b\"\n  image: \"y\"\n", Edited("c:\n- name: a\n", ("/c", "[{\"name\": \"a\"}, {\"name\": \"b\", \"image\": \"y\"}]")));
    }
}
