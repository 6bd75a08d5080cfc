namespace Stockade.Tests.PodSecurity.Upstream;

/// <summary>One <c>func TestX(t *testing.T)</c> of an upstream test file.</summary>
/// <param name="Table">The table it runs, when it is a table test of one check function.</param>
public sealed record GoTestFunction(string File, string Name, GoTable? Table);

/// <summary>
/// A table test: its cases, the check function each case is run through
/// (<c>result := runAsNonRoot1_35(…)</c>), and the <c>hostUsers</c> values the harness loops over
/// (<c>for _, userns := range []bool{true, false} { tc.pod.Spec.HostUsers = &amp;userns … }</c>).
/// </summary>
public sealed record GoTable(string CheckFunction, IReadOnlyList<GoComposite> Cases, IReadOnlyDictionary<string, GoValue> Locals, IReadOnlyList<bool>? HostUsersLoop);

/// <summary>Reads the test functions of an upstream <c>policy/*_test.go</c> file.</summary>
public static class GoTestFile
{
    public static List<GoTestFunction> Read(string path)
    {
        var file = Path.GetFileName(path);
        var tokens = GoParser.Tokenize(File.ReadAllText(path));
        var parser = new GoParser(tokens, file);
        var functions = new List<GoTestFunction>();
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (!tokens[i].IsIdent("func") || tokens[i + 1].Kind != GoToken.Ident || !tokens[i + 1].Text.StartsWith("Test", StringComparison.Ordinal)) continue;
            var name = tokens[i + 1].Text;
            var open = tokens.FindIndex(i, t => t.Is("{"));
            parser.Position = open;
            parser.SkipBalanced();
            var body = tokens.GetRange(open + 1, parser.Position - open - 2);
            functions.Add(new GoTestFunction(file, name, ReadTable(body, file, name)));
            i = parser.Position - 1;
        }
        return functions;
    }

    private static GoTable? ReadTable(List<GoToken> body, string file, string function)
    {
        var check = Find(body, t => t[0].IsIdent("result") && t[1].Is(":=") && t[2].Kind == GoToken.Ident && t[3].Is("("), 4);
        var table = Find(body, t => t[0].Kind == GoToken.Ident && t[1].Is(":=") && t[2].Is("[") && t[3].Is("]") && t[4].IsIdent("struct"), 5);
        if (check < 0 || table < 0) return null;
        var checkFunction = body[check + 2].Text;
        // Aggregating a whole evaluator is not a table of one check (the emulation test).
        if (checkFunction == "AggregateCheckResults") return null;

        var parser = new GoParser(body, $"{file} {function}");
        var locals = new Dictionary<string, GoValue>(StringComparer.Ordinal);
        for (var i = 0; i < table; i++)
        {
            if (body[i].Kind != GoToken.Ident || !body[i + 1].Is(":=") || (i > 0 && body[i - 1].Is(","))) continue;
            parser.Position = i + 2;
            locals[body[i].Text] = parser.ParseExpression();
            i = parser.Position - 1;
        }
        parser.Position = table + 2;
        var cases = (GoComposite)parser.ParseExpression();
        return new GoTable(checkFunction, cases.Elements.Select(e => (GoComposite)e.Value).ToList(), locals, HostUsersLoop(body, file, function));
    }

    /// <summary>
    /// The one way a harness changes a case before running it upstream; any other assignment to
    /// the case is a harness this port does not know, and fails rather than being ignored.
    /// </summary>
    private static List<bool>? HostUsersLoop(List<GoToken> body, string file, string function)
    {
        List<bool>? loop = null;
        for (var i = 0; i + 1 < body.Count; i++)
        {
            if (!body[i].IsIdent("tc") || !body[i + 1].Is(".")) continue;
            var j = i + 1;
            var path = "tc";
            while (body[j].Is(".") && body[j + 1].Kind == GoToken.Ident)
            {
                path += "." + body[j + 1].Text;
                j += 2;
            }
            if (!body[j].Is("=") || body[j + 1].Is("=")) continue;
            if (path != "tc.pod.Spec.HostUsers" || !body[j + 1].Is("&"))
            {
                throw new FormatException($"{file} {function}: the harness assigns {path}, which the port does not model");
            }
            var variable = body[j + 2].Text;
            var range = Find(body, t => t[0].IsIdent(variable) && t[1].Is(":=") && t[2].IsIdent("range") && t[3].Is("[") && t[4].Is("]") && t[5].IsIdent("bool"), 6);
            if (range < 0) throw new FormatException($"{file} {function}: {variable} is not a range over []bool");
            loop = [];
            for (var k = range + 7; !body[k].Is("}"); k++)
            {
                if (body[k].Kind == GoToken.Ident) loop.Add(body[k].Text == "true");
            }
        }
        return loop;
    }

    private static int Find(List<GoToken> tokens, Func<List<GoToken>, bool> matches, int length)
    {
        for (var i = 0; i + length <= tokens.Count; i++)
        {
            if (matches(tokens.GetRange(i, length))) return i;
        }
        return -1;
    }
}
