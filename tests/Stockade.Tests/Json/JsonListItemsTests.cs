using System.Text;
using Stockade.Json;

namespace Stockade.Tests.Json;

public class JsonListItemsTests
{
    private static (List<string> Items, JsonListItems Reader) ReadAll(string body, long maxItem = 1 << 20, long maxBody = 1 << 30, int chunk = 7)
    {
        var reader = new JsonListItems(new TrickleStream(Encoding.UTF8.GetBytes(body), chunk), maxItem, maxBody);
        var items = new List<string>();
        while (reader.Next() is { } item) items.Add(Encoding.UTF8.GetString(item.Span));
        return (items, reader);
    }

    [Fact]
    public void Items_come_one_at_a_time_with_the_continue_token()
    {
        var (items, reader) = ReadAll("""{"kind":"PodList","apiVersion":"v1","metadata":{"continue":"abc","resourceVersion":"9"},"items":[{"a":1},{"b":{"c":[1,2]}}]}""");
        Assert.Equal(["""{"a":1}""", """{"b":{"c":[1,2]}}"""], items);
        Assert.Equal("abc", reader.Continue);
        Assert.Equal("PodList", reader.Kind);
        Assert.Equal(2, reader.ItemsRead);
    }

    [Fact]
    public void Metadata_after_the_items_is_read_too()
    {
        var (items, reader) = ReadAll("""{"items":[{"a":1}],"metadata":{"continue":"late"},"kind":"List"}""");
        Assert.Single(items);
        Assert.Equal("late", reader.Continue);
    }

    [Fact]
    public void Null_items_are_an_empty_list()
    {
        var (items, _) = ReadAll("""{"kind":"PodList","metadata":{},"items":null}""");
        Assert.Empty(items);
    }

    [Fact]
    public void An_item_larger_than_the_read_buffer_is_read_whole()
    {
        var big = "{\"x\":\"" + new string('a', 300_000) + "\"}";
        var (items, _) = ReadAll($$"""{"items":[{{big}},{"y":2}]}""", chunk: 4096);
        Assert.Equal(big, items[0]);
        Assert.Equal("""{"y":2}""", items[1]);
    }

    [Fact]
    public void An_item_over_the_limit_is_an_error_before_it_is_held()
    {
        var big = "{\"x\":\"" + new string('a', 300_000) + "\"}";
        var e = Assert.Throws<JsonListException>(() => ReadAll($$"""{"items":[{"small":1},{{big}}]}""", maxItem: 100_000, chunk: 4096));
        Assert.Contains("items[1] is over the limit of 100000 bytes", e.Message);
    }

    [Fact]
    public void A_body_over_the_limit_is_an_error()
    {
        var e = Assert.Throws<JsonListException>(() => ReadAll("{\"items\":[" + string.Join(',', Enumerable.Repeat("{\"a\":1}", 10_000)) + "]}", maxBody: 20_000, chunk: 4096));
        Assert.Contains("over the limit of 20000 bytes", e.Message);
    }

    [Fact]
    public void A_second_items_key_is_an_error_not_a_second_list_read_on()
    {
        var e = Assert.Throws<JsonListException>(() => ReadAll("""{"items":[{"a":1}],"items":[{"b":2}]}"""));
        Assert.Contains("second items key", e.Message);
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("[1,2]", "the body is not a JSON object")]
    [InlineData("""{"kind":"Pod"}""", "no items array")]
    [InlineData("""{"items":{}}""", "items is not an array")]
    [InlineData("""{"items":[1]}""", "items[0] is not an object")]
    [InlineData("""{"items":[]} {}""", "goes on after the list ends")]
    [InlineData("""{"items":[{"a":""", "not valid JSON")]
    public void Bodies_that_are_not_lists_are_errors(string body, string message)
    {
        var e = Assert.Throws<JsonListException>(() => ReadAll(body));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_status_body_is_read_as_a_status()
    {
        var (items, reader) = ReadAll("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version","code":410}""");
        Assert.Empty(items);
        Assert.Equal("Status", reader.Kind);
        Assert.Equal("too old resource version", reader.StatusMessage);
    }

    /// <summary>Hands out a few bytes per read, as a socket does.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
