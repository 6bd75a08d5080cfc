using System.Text;
using System.Text.Unicode;

namespace Stockade.Yaml;

/// <summary>
/// Manifests are UTF-8, as kubectl and the API server read them. Another encoding (named from its
/// byte-order mark or its NUL pattern) and invalid UTF-8 are errors at their position: decoding
/// them with replacement characters would check text nobody wrote.
/// </summary>
internal static class TextEncoding
{
    /// <summary>Why a stream that starts with <paramref name="start"/> is not UTF-8 text, or null.</summary>
    public static string? NotUtf8(ReadOnlySpan<byte> start)
    {
        var name = start switch
        {
            [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32BE (byte-order mark 00 00 FE FF)",
            [0xFF, 0xFE, 0x00, 0x00, ..] => "UTF-32LE (byte-order mark FF FE 00 00)",
            [0xFE, 0xFF, ..] => "UTF-16BE (byte-order mark FE FF)",
            [0xFF, 0xFE, ..] => "UTF-16LE (byte-order mark FF FE)",
            [0x00, 0x00, 0x00, 0x00, ..] => null,
            [0x00, 0x00, 0x00, _, ..] => "UTF-32BE (no byte-order mark; NUL bytes before the first character)",
            [not 0x00, 0x00, 0x00, 0x00, ..] => "UTF-32LE (no byte-order mark; NUL bytes after the first character)",
            [0x00, not 0x00, ..] => "UTF-16BE (no byte-order mark; a NUL byte before the first character)",
            [not 0x00, 0x00, ..] => "UTF-16LE (no byte-order mark; a NUL byte after the first character)",
            _ => null,
        };
        if (name != null) return $"the input is {name}; Stockade, kubectl and the API server read UTF-8 (convert it: iconv -f {name[..name.IndexOf(' ')]} -t UTF-8)";
        return start.IndexOf((byte)0) >= 0 ? "the input holds NUL bytes: binary data, not YAML or JSON text" : null;
    }

    /// <summary>An error at the first invalid UTF-8 sequence, or null when it is valid.</summary>
    /// <param name="bytes">The text.</param>
    /// <param name="startLine">The line <paramref name="bytes"/> start on.</param>
    /// <param name="reader">Who rejects it, for the message.</param>
    public static ParseError? InvalidUtf8(ReadOnlySpan<byte> bytes, int startLine, string reader)
    {
        if (Utf8.IsValid(bytes)) return null;
        var offset = 0;
        var line = startLine;
        var column = 1;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return new ParseError(new SourcePosition(line, column), $"invalid UTF-8 (byte 0x{bytes[offset]:X2}); {reader}");
            }
            offset += consumed;
            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return null;
    }
}
