using Stockade.Engine;

namespace Stockade.PodSecurity;

/// <summary>
/// Renders findings of one object the way Pod Security Admission words a denial:
/// <c>violates PodSecurity "restricted:latest": reason (detail), reason (detail)</c>.
/// </summary>
internal static class PodSecurityMessage
{
    /// <param name="policy">The policy name, e.g. <c>restricted:latest</c> (a profile's name).</param>
    /// <param name="findings">Findings of one object; those without a control are not PSS findings and are skipped.</param>
    /// <returns>The one-liner, or null when no finding is a Pod Security one.</returns>
    public static string? Render(string policy, IEnumerable<Finding> findings)
    {
        // PSA evaluates checks in id order; one message per failed control.
        var messages = findings
            .Where(f => f.Control != null)
            .GroupBy(f => f.Control!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First().Message)
            .ToList();
        return messages.Count == 0 ? null : $"violates PodSecurity {PsaText.GoQuote(policy)}: {string.Join(", ", messages)}";
    }
}
