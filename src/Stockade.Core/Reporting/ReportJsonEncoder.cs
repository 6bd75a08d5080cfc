using System.Text.Encodings.Web;

namespace Stockade.Reporting;

/// <summary>
/// The JSON and SARIF reports' string escaping: readable (no escaping of HTML characters or of
/// non-ASCII text, as <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>), and every
/// character <see cref="SafeText.IsUnsafe"/> names written as <c>\uXXXX</c> — the relaxed encoder
/// leaves bidirectional overrides raw, which reorder what a report appears to say in a terminal or
/// a diff. Values read back unchanged: this is escaping, not replacement.
/// </summary>
internal sealed class ReportJsonEncoder : JavaScriptEncoder
{
    public static readonly JavaScriptEncoder Instance = new ReportJsonEncoder();

    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private ReportJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(6, Relaxed.MaxOutputCharactersPerInputCharacter);

    public override bool WillEncode(int unicodeScalar) => IsUnsafe(unicodeScalar) || Relaxed.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var relaxed = Relaxed.FindFirstCharacterToEncode(text, textLength);
        var end = relaxed < 0 ? textLength : relaxed;
        for (var i = 0; i < end; i++)
        {
            if (SafeText.IsUnsafe(text[i])) return i;
        }
        return relaxed;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!IsUnsafe(unicodeScalar)) return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        numberOfCharactersWritten = 0;
        if (bufferLength < 6) return false;
        var escaped = $"\\u{unicodeScalar:X4}";
        for (var i = 0; i < 6; i++) buffer[i] = escaped[i];
        numberOfCharactersWritten = 6;
        return true;
    }

    private static bool IsUnsafe(int scalar) => scalar <= char.MaxValue && SafeText.IsUnsafe((char)scalar);
}
