using Stockade.Cel.Runtime;
using Stockade.Cel.Values;
using Stockade.Yaml;

namespace Stockade.Tests.Cel;

/// <summary>
/// The CEL view over a parsed tree gives the values the JSON the API server decodes would give:
/// each scalar typed as goyaml v2 resolves it, then as the admission path's dyn reads JSON.
/// </summary>
public class CelTreeTests
{
    private static YNode Root(string yaml) => YamlTreeBuilder.Parse(yaml, "t.yaml", 0, 1, ParseLimits.Default).Root!;

    private static object ViaJson(YNode node) => CelJson.FromNode(TreeJson.From(node));

    [Theory]
    [InlineData("v: 1")]
    [InlineData("v: -7")]
    [InlineData("v: 0x1F")]
    [InlineData("v: 010")]
    [InlineData("v: 1.0")]
    [InlineData("v: 1.5")]
    [InlineData("v: 1e20")]
    [InlineData("v: 1e14")]
    [InlineData("v: .inf")]
    [InlineData("v: .nan")]
    [InlineData("v: 99999999999999999999")]
    [InlineData("v: ~")]
    [InlineData("v: null")]
    [InlineData("v: yes")]
    [InlineData("v: off")]
    [InlineData("v: 'true'")]
    [InlineData("v: \"1\"")]
    [InlineData("v: text")]
    [InlineData("v: 2026-12-03")]
    [InlineData("v: [1, a, {b: 2.0}]")]
    [InlineData("v: {a: {b: [x, ~]}, c: false}")]
    [InlineData("a: &x {k: 1}\nv: [*x, *x]")]
    [InlineData("base: &b {x: 1, y: 2}\nv: {<<: *b, y: 3}")]
    public void Every_value_is_what_the_json_of_the_tree_gives(string yaml)
    {
        var root = Root(yaml);
        var view = (CelMap)CelTree.Of(root);
        var json = (CelMap)ViaJson(root);
        Assert.True(view.TryGet("v", out var got));
        Assert.True(json.TryGet("v", out var want));
        AssertSame(want, got, yaml);
        Assert.Equal(json.Keys, view.Keys);
    }

    // Same CEL type at every depth (CEL's equality alone says 1 == 1.0), and equal.
    private static void AssertSame(object want, object got, string yaml)
    {
        Assert.Equal(Category(want), Category(got));
        switch (want)
        {
            case CelMap m:
                var g = (CelMap)got;
                Assert.Equal(m.Keys, g.Keys);
                foreach (var k in m.Keys)
                {
                    m.TryGet(k, out var wv);
                    Assert.True(g.TryGet(k, out var gv));
                    AssertSame(wv, gv, yaml);
                }
                break;
            case IReadOnlyList<object> l:
                var gl = (IReadOnlyList<object>)got;
                Assert.Equal(l.Count, gl.Count);
                for (var i = 0; i < l.Count; i++) AssertSame(l[i], gl[i], yaml);
                break;
            // NaN is not equal to itself in CEL: its type is enough.
            case double d when double.IsNaN(d):
                break;
            default:
                Assert.True(Ops.Equal(want, got), $"{yaml}: {want} against {got}");
                break;
        }
    }

    // The CEL type: maps and lists are told apart by what they are, not by their class.
    private static string Category(object v) => v switch
    {
        CelMap => "map",
        IReadOnlyList<object> => "list",
        _ => v.GetType().Name,
    };

    [Fact]
    public void Keys_are_in_document_order_and_a_missing_key_is_absent()
    {
        var view = (CelMap)CelTree.Of(Root("b: 1\na: 2\nc: 3"));
        Assert.Equal(["b", "a", "c"], view.Keys);
        Assert.Equal(3, view.Count);
        Assert.False(view.TryGet("d", out _));
        Assert.False(view.TryGet(1L, out _));
    }
}
