using System.Text.Json.Nodes;
using Stockade.Json;
using Stockade.Psp;

namespace Stockade.Tests.Json;

public class JsonPointerTests
{
    [Theory]
    [InlineData("kubernetes.io/psp", "kubernetes.io~1psp")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~1", "~01")]
    public void Keys_with_slash_and_tilde_escape_as_RFC_6901_says_and_read_back(string key, string segment)
    {
        Assert.Equal(segment, JsonPointer.Escape(key));
        Assert.Equal(key, JsonPointer.Unescape(segment));
    }

    [Fact]
    public void A_patch_and_a_pointer_write_agree_on_an_annotation_key_holding_tilde_one()
    {
        var before = JsonNode.Parse("""{"metadata":{"annotations":{}}}""")!;
        var after = before.DeepClone();
        PspJson.Set(after, "/metadata/annotations/" + JsonPointer.Escape("x/~1"), "v");
        Assert.Equal("v", (string?)after["metadata"]!["annotations"]!["x/~1"]);
        var op = Assert.Single(PspJson.Diff(before, after));
        Assert.Equal("/metadata/annotations/x~1~01", (string?)op!["path"]);
    }
}
