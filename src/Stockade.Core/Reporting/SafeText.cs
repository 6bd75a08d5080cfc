using System.Text;
using System.Xml;

namespace Stockade.Reporting;

/// <summary>
/// Text from scanned objects (names, messages, file names) made safe to show to a person. A
/// manifest is attacker-controlled: a terminal escape sequence in a container name can clear a
/// CI log line and print a fake "no findings", and a bidirectional override can reorder what a
/// line appears to say. Such characters are shown as <c>\uXXXX</c> instead.
/// </summary>
internal static class SafeText
{
    /// <summary>
    /// Escapes C0 controls (tab and newline included: a line break in a name would fake a line),
    /// DEL, C1 controls, the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069) and the Unicode line and paragraph separators (U+2028, U+2029).
    /// </summary>
    public static string Visible(string text) => Escape(text, forXml: false);

    /// <summary>
    /// <see cref="Visible"/>, and also what XML 1.0 cannot carry even escaped (unpaired
    /// surrogates, U+FFFE, U+FFFF): for XML that people read in dashboards (JUnit).
    /// </summary>
    public static string Xml(string text) => Escape(text, forXml: true);

    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069' || c is '\u2028' or '\u2029';

    private static string Escape(string text, bool forXml)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var bad = !pair && (IsUnsafe(c) || forXml && !XmlConvert.IsXmlChar(c));
            if (!bad && sb == null)
            {
                if (pair) i++;
                continue;
            }
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            if (bad) sb.Append($"\\u{(int)c:X4}");
            else if (pair) sb.Append(c).Append(text[++i]);
            else sb.Append(c);
        }
        return sb?.ToString() ?? text;
    }
}
