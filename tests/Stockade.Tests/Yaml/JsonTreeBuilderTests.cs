using System.Text;
using System.Text.Json;
using Stockade.Yaml;

namespace Stockade.Tests.Yaml;

/// <summary>The JSON reader's shared strings and its line index, which must change no text and no position.</summary>
public class JsonTreeBuilderTests
{
    private static YMapping Root(string json)
    {
        var docs = JsonTreeBuilder.Parse(Encoding.UTF8.GetBytes(json), "t.json", ParseLimits.Default);
        Assert.Single(docs);
        Assert.Null(docs[0].Error);
        return Assert.IsType<YMapping>(docs[0].Root);
    }

    [Fact]
    public void Strings_are_the_decoded_text_whether_escaped_non_ascii_long_or_repeated()
    {
        var longValue = new string('x', 100);
        var root = Root($$"""{"plain":"ALL","escaped":"A\u004cL","accent":"café","long":"{{longValue}}","empty":"","n":8080,"list":["ALL","ALL"]}""");
        Assert.Equal("ALL", ((YScalar)root["plain"]!).Text);
        Assert.Equal("ALL", ((YScalar)root["escaped"]!).Text);
        Assert.Equal("café", ((YScalar)root["accent"]!).Text);
        Assert.Equal(longValue, ((YScalar)root["long"]!).Text);
        Assert.Equal("", ((YScalar)root["empty"]!).Text);
        Assert.Equal("8080", ((YScalar)root["n"]!).Text);
        var items = ((YSequence)root["list"]!).Items;
        Assert.Same(((YScalar)items[0]).Text, ((YScalar)items[1]).Text);
    }

    [Fact]
    public void A_slot_shared_by_two_strings_answers_each_with_its_own_text()
    {
        var cache = new Utf8StringCache();
        // Many distinct short tokens: some share a slot, and each must still read as itself.
        var words = Enumerable.Range(0, 10_000).Select(i => "k" + i).ToArray();
        for (var round = 0; round < 2; round++)
        {
            foreach (var word in words) Assert.Equal(word, cache.Of(Encoding.UTF8.GetBytes(word)));
        }
        var reader = new Utf8JsonReader("\"\\u0041B\""u8);
        reader.Read();
        Assert.Equal("AB", cache.Get(ref reader));
    }

    [Fact]
    public void Positions_are_right_after_short_and_long_runs_of_lines()
    {
        // Tokens one line apart, then 50 blank lines (past the index's step-by-step look-ahead), then back on one line.
        var json = "{\n\"a\": 1,\n\"b\": 2," + new string('\n', 50) + "\"c\": [3,\n4], \"d\": 5}";
        var root = Root(json);
        Assert.Equal(new SourcePosition(2, 1), root.Entries[0].KeyPosition);
        Assert.Equal(new SourcePosition(3, 1), root.Entries[1].KeyPosition);
        Assert.Equal(new SourcePosition(53, 1), root.Entries[2].KeyPosition);
        var c = (YSequence)root["c"]!;
        Assert.Equal(new SourcePosition(53, 7), c.Items[0].Position);
        Assert.Equal(new SourcePosition(54, 1), c.Items[1].Position);
        Assert.Equal(new SourcePosition(54, 5), root.Entries[3].KeyPosition);
    }
}
