using System.Globalization;
using Stockade.Engine;
using Stockade.Rules;
using Stockade.Yaml;

namespace Stockade.Config;

/// <summary>A configuration file that cannot be used, with where and why.</summary>
public sealed class ConfigException(string message) : Exception(message);

/// <summary>
/// Reads <c>.stockade.yaml</c> with the same YAML reader as manifests, and finds it upward from
/// the scanned path.
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>The configuration file's name, looked for in the scanned folder and its parents.</summary>
    public const string FileName = ".stockade.yaml";

    /// <summary>The nearest <c>.stockade.yaml</c> in <paramref name="startDirectory"/> or a parent.</summary>
    public static string? FindUpward(string startDirectory)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(startDirectory));
        while (dir != null)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate)) return candidate;
            dir = dir.Parent;
        }
        return null;
    }

    /// <summary>Reads the configuration file at <paramref name="path"/>; rules are the built-in catalogue's.</summary>
    /// <param name="path">The <c>.stockade.yaml</c> to read (see <see cref="FindUpward"/>).</param>
    /// <exception cref="ConfigException">The file cannot be read or holds an invalid setting (the message says where).</exception>
    public static StockadeConfig Load(string path) => Load(path, Catalog.Ids);

    /// <exception cref="ConfigException">The file cannot be read or holds an invalid setting.</exception>
    public static StockadeConfig Load(string path, IReadOnlyCollection<string> knownRuleIds)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read: {e.Message}");
        }
        return Parse(text, path, knownRuleIds);
    }

    /// <summary>Reads the configuration text of <paramref name="path"/>; rule ids in <c>rules:</c> must be among <paramref name="knownRuleIds"/>.</summary>
    public static StockadeConfig Parse(string text, string path, IReadOnlyCollection<string> knownRuleIds)
    {
        var doc = YamlTreeBuilder.Parse(text.TrimStart('\uFEFF'), path, 0, 1, ParseLimits.Default);
        if (doc.Error is { } err) throw new ConfigException($"{path}:{err.Position.Line}:{err.Position.Column}: {err.Message}");
        if (doc.Root is null or YScalar { Kind: ScalarKind.Null }) return new StockadeConfig { File = path };
        if (doc.Root is not YMapping root) throw new ConfigException($"{path}:1:1: the configuration must be a mapping");
        return new Reader(path, knownRuleIds, text.Split('\n').Select(l => l.TrimEnd('\r')).ToList()).Read(root);
    }

    // lines: the file's text by line, so a CEL error points inside its expression.
    private sealed partial class Reader(string path, IReadOnlyCollection<string> builtInRuleIds, IReadOnlyList<string> lines)
    {
        private static readonly HashSet<string> TopKeys = ["profile", "failOn", "rules", "settings", "exemptions", "annotationExemptions", "exclude", "baseline", "customRules"];

        // The built-in ids and, once read, the custom rules' (custom:ID), for rules: and exemptions.
        private IReadOnlyCollection<string>? _withCustomRules;

        private IReadOnlyCollection<string> knownRuleIds => _withCustomRules ?? builtInRuleIds;
        private static readonly Dictionary<string, RuleParameter> Parameters = Catalog.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        private static readonly HashSet<string> SettingKeys = [.. Catalog.Parameters.Select(p => p.Name)];
        private static readonly HashSet<string> ExemptionKeys = ["rule", "rules", "namespace", "kind", "name", "container", "reason", "expires"];

        private ConfigException Fail(SourcePosition p, string message) => new($"{path}:{p.Line}:{p.Column}: {message}");

        public StockadeConfig Read(YMapping root)
        {
            CheckKeys(root, TopKeys, "top level");
            var failOn = String(root, "failOn");
            Severity? failSeverity = null;
            var failNone = false;
            if (failOn != null)
            {
                if (failOn == "none") failNone = true;
                else if (SeverityNames.TryParse(failOn, out var s)) failSeverity = s;
                else throw Fail(root.TryGetEntry("failOn", out var e) ? e.KeyPosition : root.Position, $"failOn: \"{failOn}\" is not low, medium, high, critical or none");
            }
            var customRules = ReadCustomRules(root["customRules"]);
            if (customRules.Count > 0) _withCustomRules = new HashSet<string>(builtInRuleIds.Concat(customRules.Select(r => r.RuleId)), StringComparer.Ordinal);
            return new StockadeConfig
            {
                File = path,
                Profile = String(root, "profile"),
                FailOn = failSeverity,
                FailOnNone = failNone,
                Rules = ReadRules(root["rules"]),
                CustomRules = customRules,
                Settings = ReadSettings(root["settings"]),
                Exemptions = ReadExemptions(root["exemptions"]),
                AnnotationExemptions = Bool(root, "annotationExemptions") ?? true,
                Exclude = root.TryGetEntry("exclude", out var exclude) && exclude.Value is not YScalar { Kind: ScalarKind.Null }
                    ? StringList(exclude).Select(s => new ConfigExclude(s.Text, s.Position.Line)).ToList() : [],
                Baseline = String(root, "baseline") is { Length: > 0 } baseline ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", baseline) : null,
            };
        }

        private void CheckKeys(YMapping map, HashSet<string> allowed, string where)
        {
            foreach (var e in map.Entries)
            {
                if (!allowed.Contains(e.Key))
                {
                    throw Fail(e.KeyPosition, $"unknown key \"{e.Key}\" at {where} (expected one of: {string.Join(", ", allowed)})");
                }
            }
        }

        private bool? Bool(YMapping map, string key)
        {
            if (!map.TryGetEntry(key, out var e) || e.Value is YScalar { Kind: ScalarKind.Null }) return null;
            if (e.Value is YScalar { Kind: ScalarKind.Bool } b) return b.BoolValue;
            throw Fail(e.KeyPosition, $"{key}: expected true or false");
        }

        private string? String(YMapping map, string key)
        {
            if (!map.TryGetEntry(key, out var e) || e.Value is YScalar { Kind: ScalarKind.Null }) return null;
            if (e.Value is YScalar s) return s.Text;
            throw Fail(e.KeyPosition, $"{key}: expected a string");
        }

        private Dictionary<string, RuleToggle> ReadRules(YNode? node)
        {
            var result = new Dictionary<string, RuleToggle>(StringComparer.Ordinal);
            if (node is null or YScalar { Kind: ScalarKind.Null }) return result;
            if (node is not YMapping rules) throw Fail(node.Position, "rules: expected a mapping of rule id to on/off or {enabled, severity}");
            foreach (var e in rules.Entries)
            {
                if (!knownRuleIds.Contains(e.Key)) throw Fail(e.KeyPosition, $"rules: unknown rule \"{e.Key}\" (see `stockade rules`)");
                switch (e.Value)
                {
                    case YScalar { Kind: ScalarKind.Bool } b:
                        result[e.Key] = new RuleToggle(b.BoolValue, null);
                        break;
                    case YScalar { Kind: ScalarKind.String } s when s.Text is "enabled" or "disabled":
                        result[e.Key] = new RuleToggle(s.Text == "enabled", null);
                        break;
                    case YScalar { Kind: ScalarKind.String } s when SeverityNames.TryParse(s.Text, out var sev):
                        result[e.Key] = new RuleToggle(null, sev);
                        break;
                    case YMapping m:
                        CheckKeys(m, ["enabled", "severity"], $"rules.{e.Key}");
                        bool? enabled = m["enabled"] switch
                        {
                            null => null,
                            YScalar { Kind: ScalarKind.Bool } b => b.BoolValue,
                            var other => throw Fail(other.Position, $"rules.{e.Key}.enabled: expected true or false"),
                        };
                        Severity? severity = null;
                        if (String(m, "severity") is { } sevText)
                        {
                            if (!SeverityNames.TryParse(sevText, out var sv)) throw Fail(m["severity"]!.Position, $"rules.{e.Key}.severity: \"{sevText}\" is not low, medium, high or critical");
                            severity = sv;
                        }
                        result[e.Key] = new RuleToggle(enabled, severity);
                        break;
                    default:
                        throw Fail(e.Value.Position, $"rules.{e.Key}: expected on/off, a severity, or {{enabled, severity}}");
                }
            }
            return result;
        }

        /// <summary>
        /// Reads the keys the rules declare (<see cref="RuleMetadata.Parameters"/>); any other key
        /// is an error, so a misspelt setting never silently leaves a default in force.
        /// </summary>
        private RuleSettings ReadSettings(YNode? node)
        {
            if (node is null or YScalar { Kind: ScalarKind.Null }) return RuleSettings.Default;
            if (node is not YMapping m) throw Fail(node.Position, "settings: expected a mapping");
            CheckKeys(m, SettingKeys, "settings");
            var s = RuleSettings.Default;
            foreach (var e in m.Entries)
            {
                try
                {
                    var parameter = Parameters[e.Key];
                    s = s.With(parameter, parameter.Read(e));
                }
                catch (SettingException ex)
                {
                    throw Fail(ex.Position, ex.Message);
                }
            }
            return s;
        }

        private List<YScalar> StringList(YEntry e)
        {
            if (e.Value is not YSequence seq) throw Fail(e.KeyPosition, $"{e.Key}: expected a list of strings");
            var list = new List<YScalar>();
            foreach (var item in seq.Items)
            {
                if (item is not YScalar { Kind: ScalarKind.String } s) throw Fail(item.Position, $"{e.Key}: expected a string");
                list.Add(s);
            }
            return list;
        }

        private List<Exemption> ReadExemptions(YNode? node)
        {
            var result = new List<Exemption>();
            if (node is null or YScalar { Kind: ScalarKind.Null }) return result;
            if (node is not YSequence seq) throw Fail(node.Position, "exemptions: expected a list");
            foreach (var item in seq.Items)
            {
                if (item is not YMapping m) throw Fail(item.Position, "exemptions: each exemption is a mapping");
                CheckKeys(m, ExemptionKeys, "an exemption");
                var rules = new List<string>();
                if (String(m, "rule") is { } one) rules.Add(one);
                if (m.TryGetEntry("rules", out var many)) rules.AddRange(StringList(many).Select(s => s.Text));
                if (rules.Count == 0) throw Fail(m.Position, "an exemption needs `rule` or `rules` (use \"*\" for every rule)");
                foreach (var r in rules)
                {
                    if (r.IndexOfAny(['*', '?']) < 0 && !knownRuleIds.Contains(r)) throw Fail(m.Position, $"exemption names unknown rule \"{r}\"");
                }
                var reason = String(m, "reason");
                if (string.IsNullOrWhiteSpace(reason)) throw Fail(m.Position, "an exemption needs a reason");
                DateOnly? expires = null;
                if (m.TryGetEntry("expires", out var exp))
                {
                    var text = (exp.Value as YScalar)?.Text ?? "";
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    {
                        throw Fail(exp.KeyPosition, $"expires: \"{text}\" is not a date (YYYY-MM-DD)");
                    }
                    expires = d;
                }
                result.Add(new Exemption
                {
                    Rules = rules,
                    Namespace = String(m, "namespace"),
                    Kind = String(m, "kind"),
                    Name = String(m, "name"),
                    Container = String(m, "container"),
                    Reason = reason,
                    Expires = expires,
                    Origin = $"{Path.GetFileName(path)}:{m.Position.Line}",
                    OriginFile = path,
                    OriginLine = m.Position.Line,
                    OriginColumn = m.Position.Column,
                });
            }
            return result;
        }
    }
}
