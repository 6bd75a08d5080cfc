using Stockade.Cel.Syntax;

namespace Stockade.Cel;

/// <summary>A <c>root.field</c> (or <c>root.?field</c>) selection in an expression, at its '.' (line and column 1-based).</summary>
internal sealed record CelFieldReference(string Field, int Line, int Column);

/// <summary>
/// What an expression selects from a variable, found from its tokens (so string literals never
/// count): a ValidatingAdmissionPolicy checks that <c>variables.NAME</c> names a variable declared before.
/// </summary>
internal static class CelReferences
{
    /// <summary>The fields selected directly on the identifier <paramref name="root"/>; a source that does not lex gives none.</summary>
    public static IReadOnlyList<CelFieldReference> Fields(string source, string root)
    {
        List<Token> tokens;
        try
        {
            tokens = new Lexer(source).All();
        }
        catch (CelParseException)
        {
            return [];
        }
        var result = new List<CelFieldReference>();
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            // Not a member of something else (x.variables.y) and followed by '.' or '.?' and a name.
            if (tokens[i].Kind != Tk.Ident || tokens[i].Text != root || (i > 0 && tokens[i - 1].Kind == Tk.Dot)) continue;
            if (tokens[i + 1].Kind != Tk.Dot) continue;
            var n = tokens[i + 2].Kind == Tk.Question ? i + 3 : i + 2;
            if (n >= tokens.Count || tokens[n].Kind != Tk.Ident) continue;
            var (line, column) = LineColumn(source, tokens[i + 1].Offset);
            result.Add(new CelFieldReference(tokens[n].Text, line, column));
        }
        return result;
    }

    private static (int Line, int Column) LineColumn(string source, int offset)
    {
        int line = 1, col = 1;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n') { line++; col = 1; } else col++;
        }
        return (line, col);
    }
}
