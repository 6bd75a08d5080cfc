using System.Text;
using System.Text.Json;

namespace Stockade.Yaml;

/// <summary>
/// The strings of a JSON reader's short tokens, made once per thread and reused: Kubernetes JSON
/// repeats the same keys (<c>apiVersion</c>, <c>metadata</c>, <c>securityContext</c>…) and many
/// of the same short values in every object, and decoding each of them to a new UTF-16 string
/// was about a fifth of parsing an AdmissionReview (perf, docs/benchmarks.md). A slot holds only the
/// string; a token is matched to it by its ASCII bytes, so nothing but the string is kept, and a
/// token that is escaped, not ASCII or too long is decoded as usual.
/// </summary>
internal sealed class Utf8StringCache
{
    // Longer tokens are rarely repeated (names, images, uids): they would only churn the slots.
    private const int MaxLength = 40;
    private const int Slots = 2048;

    private readonly string?[] _slots = new string?[Slots];

    /// <summary>The reader's current property name or string value, as <see cref="Utf8JsonReader.GetString"/> returns it.</summary>
    public string Get(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? reader.GetString()! : Of(reader.ValueSpan);

    /// <summary>Unescaped UTF-8 (a number's literal, an unescaped string's bytes) as a string.</summary>
    public string Of(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return "";
        if (bytes.Length > MaxLength) return Encoding.UTF8.GetString(bytes);
        var slot = Slot(bytes);
        if (_slots[slot] is { } cached && Ascii.Equals(bytes, cached)) return cached;
        var text = Encoding.UTF8.GetString(bytes);
        // Only ASCII is kept: it is what Ascii.Equals can match without decoding.
        if (text.Length == bytes.Length) _slots[slot] = text;
        return text;
    }

    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        var hash = (uint)bytes.Length;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return (int)(hash & (Slots - 1));
    }
}
