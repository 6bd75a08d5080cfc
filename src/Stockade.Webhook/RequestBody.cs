using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Stockade.Webhook;

/// <summary>
/// A request body in a pooled buffer, returned on dispose: a review is parsed once and nothing of
/// it is kept, so no array is allocated per request. A body of declared length is read into a
/// buffer of that length; a chunked one (bounded by Kestrel's size limit) grows by doubling.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        var declared = request.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } d ? (int)Math.Max(d, 1) : 16 * 1024);
        var read = 0;
        try
        {
            while (true)
            {
                if (declared is { } length && read == length) break;
                if (read == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, read).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var want = declared is { } total ? (int)total - read : buffer.Length - read;
                var n = await request.Body.ReadAsync(buffer.AsMemory(read, want), cancellation);
                if (n == 0)
                {
                    if (declared != null) throw new BadHttpRequestException("request body ended before its Content-Length", 400);
                    break;
                }
                read += n;
            }
            return new RequestBody(buffer, read);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is { } b) ArrayPool<byte>.Shared.Return(b);
        _buffer = null;
    }
}
