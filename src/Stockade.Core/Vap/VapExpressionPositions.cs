using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>
/// Maps a position inside a CEL expression (line:column of the expression text) to the file's
/// line:column, from the scalar's position and the file's text: a plain or quoted scalar starts
/// on its own line (a quote shifts it by one), a block scalar (<c>|</c>, <c>&gt;</c>) on the lines
/// after its indicator at their indentation. Escapes and folding inside quoted scalars are not
/// undone, so a column after an escape is approximate; without the text the scalar's own position is used.
/// </summary>
internal static class VapExpressionPositions
{
    public static SourcePosition Map(IReadOnlyList<string>? lines, SourcePosition scalar, int line, int column)
    {
        if (lines == null || scalar.Line < 1 || scalar.Line > lines.Count) return scalar;
        var text = lines[scalar.Line - 1];
        var at = scalar.Column - 1;
        var first = at < text.Length ? text[at] : ' ';
        if (first is '|' or '>')
        {
            // Block scalar: content from the next non-blank line, at its indentation.
            var start = scalar.Line; // 0-based index of the line after the indicator
            while (start < lines.Count && lines[start].Trim().Length == 0) start++;
            if (start >= lines.Count) return scalar;
            var indent = lines[start].Length - lines[start].TrimStart(' ').Length;
            return new SourcePosition(start + 1 + line - 1, indent + column);
        }
        var shift = first is '"' or '\'' ? 1 : 0;
        if (line == 1) return new SourcePosition(scalar.Line, scalar.Column + shift + column - 1);
        // A continuation line of a multi-line flow scalar: its text starts at the line's indentation.
        var lineIndex = scalar.Line - 1 + line - 1;
        if (lineIndex >= lines.Count) return scalar;
        var l = lines[lineIndex];
        return new SourcePosition(lineIndex + 1, l.Length - l.TrimStart(' ').Length + column);
    }
}
