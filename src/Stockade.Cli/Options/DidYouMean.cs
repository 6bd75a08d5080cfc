namespace Stockade.Cli.Options;

/// <summary>The nearest known word to a mistyped command or option: a prefix of it, or within a small edit distance.</summary>
internal static class DidYouMean
{
    public static string? Nearest(string typed, IEnumerable<string> known)
    {
        var candidates = known.Distinct().ToList();
        var prefixed = candidates.Where(k => typed.Length >= 4 && k.StartsWith(typed, StringComparison.Ordinal)).ToList();
        if (prefixed.Count == 1) return prefixed[0];
        // Up to a third of the word may be wrong, at least one letter: --formta, scna, --exlude.
        var limit = Math.Max(1, typed.TrimStart('-').Length / 3);
        return candidates
            .Select(k => (Word: k, Distance: Distance(typed, k)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .Select(c => c.Word)
            .FirstOrDefault();
    }

    /// <summary>Damerau–Levenshtein distance (optimal string alignment): a swapped pair of letters is one edit.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
