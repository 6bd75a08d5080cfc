using System.Net;

namespace Stockade.Tests.Webhook;

/// <summary>Sends half the body, then waits for the test's signal before sending the rest.</summary>
public sealed class GatedContent : HttpContent
{
    private readonly byte[] body;
    private readonly TaskCompletionSource started;
    private readonly Task release;

    public GatedContent(byte[] body, TaskCompletionSource started, Task release)
    {
        this.body = body;
        this.started = started;
        this.release = release;
        Headers.ContentType = new("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var half = body.Length / 2;
        await stream.WriteAsync(body.AsMemory(0, half));
        await stream.FlushAsync();
        started.TrySetResult();
        await release;
        await stream.WriteAsync(body.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
