using System.Text;

namespace Stockade.Fix;

/// <summary>A unified diff (as <c>diff -u</c> and <c>git apply</c> read it) of two texts, by lines, three lines of context.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    // Above this many cells the middle is shown replaced whole: correct, only less precise.
    private const long MaxCells = 25_000_000;

    public static string Create(string before, string after, string oldName, string newName)
    {
        if (before == after) return "";
        var a = Lines(before);
        var b = Lines(after);
        var ops = Script(a, b);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ') { i++; continue; }
            var start = Math.Max(0, i - Context);
            var end = i;
            // A hunk runs until more than twice the context of unchanged lines follows a change.
            while (end < ops.Count)
            {
                if (ops[end].Kind != ' ') { end++; continue; }
                var run = end;
                while (run < ops.Count && ops[run].Kind == ' ') run++;
                if (run == ops.Count || run - end > 2 * Context) { end = Math.Min(run, end + Context); break; }
                end = run;
            }
            var hunk = ops.GetRange(start, end - start);
            var oldStart = hunk[0].A;
            var newStart = hunk[0].B;
            var oldCount = hunk.Count(o => o.Kind != '+');
            var newCount = hunk.Count(o => o.Kind != '-');
            sb.Append($"@@ -{(oldCount == 0 ? oldStart : oldStart + 1)},{oldCount} +{(newCount == 0 ? newStart : newStart + 1)},{newCount} @@\n");
            foreach (var o in hunk)
            {
                var line = o.Kind == '+' ? b[o.B] : a[o.A];
                sb.Append(o.Kind).Append(line.TrimEnd('\n'));
                sb.Append('\n');
                if (!line.EndsWith('\n')) sb.Append("\\ No newline at end of file\n");
            }
            i = end;
        }
        return sb.ToString();
    }

    private readonly record struct Op(char Kind, int A, int B);

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', start))
        {
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>The edit script: common prefix and suffix, and a longest common subsequence between.</summary>
    private static List<Op> Script(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        var ops = new List<Op>();
        for (var k = 0; k < prefix; k++) ops.Add(new Op(' ', k, k));
        int n = a.Count - prefix - suffix, m = b.Count - prefix - suffix;
        if ((long)n * m > MaxCells)
        {
            for (var k = 0; k < n; k++) ops.Add(new Op('-', prefix + k, prefix));
            for (var k = 0; k < m; k++) ops.Add(new Op('+', prefix + n, prefix + k));
        }
        else
        {
            var lcs = new int[n + 1, m + 1];
            for (var x = n - 1; x >= 0; x--)
            {
                for (var y = m - 1; y >= 0; y--)
                {
                    lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
                }
            }
            int i = 0, j = 0;
            while (i < n || j < m)
            {
                if (i < n && j < m && a[prefix + i] == b[prefix + j]) { ops.Add(new Op(' ', prefix + i, prefix + j)); i++; j++; }
                // Removed lines before added ones, as diff prints them.
                else if (i < n && (j == m || lcs[i + 1, j] >= lcs[i, j + 1])) { ops.Add(new Op('-', prefix + i, prefix + j)); i++; }
                else { ops.Add(new Op('+', prefix + i, prefix + j)); j++; }
            }
        }
        for (var k = 0; k < suffix; k++) ops.Add(new Op(' ', a.Count - suffix + k, b.Count - suffix + k));
        return ops;
    }
}
