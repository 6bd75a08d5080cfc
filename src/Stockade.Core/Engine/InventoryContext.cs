using Stockade.Config;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>What an inventory rule gets besides the inventory: settings, and where to report.</summary>
internal sealed class InventoryContext
{
    private readonly Rule _rule;
    private readonly Severity _severity;
    private readonly List<Finding> _sink;

    internal InventoryContext(Rule rule, Severity severity, RuleSettings settings, List<Finding> sink)
    {
        _rule = rule;
        _severity = severity;
        Settings = settings;
        _sink = sink;
    }

    public RuleSettings Settings { get; }

    /// <summary>Reports a finding at a place in the object <paramref name="at"/>; <paramref name="path"/> is relative to the object.</summary>
    public void Report(InventoryEntry at, SourcePosition position, string path, string message)
    {
        var rc = new RuleContext(_rule, _severity, Settings, at.File, at.Ref, _sink);
        rc.Report(position, at.PathOf(path), message);
    }

    /// <summary>Reports a finding about the object as a whole (at its start).</summary>
    public void Report(InventoryEntry at, string message) => Report(at, at.Position, "", message);
}

/// <summary>Runs a profile's inventory rules once a scan has read everything.</summary>
internal static class InventoryChecks
{
    /// <summary>Findings of every enabled inventory rule, in rule order then report order, exemptions applied.</summary>
    public static List<Finding> Run(ScanOptions options, IReadOnlyList<Exemption> activeExemptions, IEnumerable<InventoryEntry> entries)
    {
        var config = options.Config;
        var rules = options.Profile.Rules.OfType<InventoryRule>().Where(config.IsEnabled).ToList();
        var findings = new List<Finding>();
        if (rules.Count == 0) return findings;
        var inventory = new Inventory(entries.Where(e => !e.Rejected).ToList());
        foreach (var rule in rules)
        {
            var found = new List<Finding>();
            rule.Check(inventory, new InventoryContext(rule, config.SeverityOf(rule), config.Settings, found));
            findings.AddRange(found);
        }
        var byObject = inventory.Entries.Where(e => e.Exemptions.Count > 0).GroupBy(e => (e.File, e.Ref)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Exemptions).ToList());
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            var inSource = byObject.TryGetValue((f.File, f.Object), out var own)
                ? own.FirstOrDefault(e => !e.IsExpired(options.Today) && e.Matches(f))
                : null;
            var match = inSource ?? activeExemptions.FirstOrDefault(e => e.Matches(f));
            if (match != null) findings[i] = f with { Suppressed = true, SuppressionReason = $"{match.Reason} ({match.Origin})", SuppressedInSource = inSource != null };
        }
        return findings;
    }
}
