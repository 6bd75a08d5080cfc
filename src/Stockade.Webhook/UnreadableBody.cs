using System.Buffers;
using System.Text;

namespace Stockade.Webhook;

/// <summary>
/// The 400 message for a body the JSON reader threw on. Invalid UTF-8 is the known case: an API
/// server never sends it (Go's encoding/json, which writes the review, replaces invalid bytes
/// with U+FFFD), so such a body is not a review from an API server and is refused with where
/// the first invalid byte is.
/// </summary>
internal static class UnreadableBody
{
    public static string Describe(ReadOnlySpan<byte> body, Exception e)
    {
        var offset = FirstInvalidUtf8(body);
        if (offset < 0) return $"malformed AdmissionReview: {e.Message}";
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (body[i] != (byte)'\n') continue;
            line++;
            lineStart = i + 1;
        }
        return $"malformed JSON at {line}:{offset - lineStart + 1}: invalid UTF-8 (byte 0x{body[offset]:X2}); an API server sends only valid UTF-8";
    }

    /// <returns>The offset of the first byte that does not start a valid UTF-8 sequence, or -1.</returns>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out var n) != OperationStatus.Done) return i;
            i += n;
        }
        return -1;
    }
}
