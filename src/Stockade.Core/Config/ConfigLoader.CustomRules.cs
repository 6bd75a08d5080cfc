using System.Text.RegularExpressions;
using Stockade.Cel;
using Stockade.Engine;
using Stockade.Rules.Custom;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Config;

public static partial class ConfigLoader
{
    private sealed partial class Reader
    {
        private static readonly HashSet<string> CustomRuleKeys = ["id", "title", "severity", "description", "remediation", "match", "target", "expression", "message", "messageExpression"];
        private static readonly HashSet<string> MatchKeys = ["kinds", "apiGroups", "namespaces", "labelSelector"];
        private static readonly HashSet<string> SelectorKeys = ["matchLabels", "matchExpressions"];
        private static readonly HashSet<string> RequirementKeys = ["key", "operator", "values"];

        [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
        private static partial Regex KebabId();

        /// <summary>
        /// <c>customRules:</c>, each entry's CEL compiled: a compile error is a configuration error
        /// at the expression's own line:column, as a ValidatingAdmissionPolicy's is.
        /// </summary>
        private List<CustomRuleDefinition> ReadCustomRules(YNode? node)
        {
            var result = new List<CustomRuleDefinition>();
            if (node is null or YScalar { Kind: ScalarKind.Null }) return result;
            if (node is not YSequence seq) throw Fail(node.Position, "customRules: expected a list of rules");
            foreach (var item in seq.Items)
            {
                if (item is not YMapping m) throw Fail(item.Position, "customRules: each rule is a mapping with id, title, severity, match, expression");
                var rule = ReadCustomRule(m);
                if (result.FirstOrDefault(r => r.Name == rule.Name) is { } first) throw Fail(m["id"]!.Position, $"customRules: id \"{rule.Name}\" is defined twice (first at line {first.Position.Line})");
                result.Add(rule);
            }
            return result;
        }

        private CustomRuleDefinition ReadCustomRule(YMapping m)
        {
            CheckKeys(m, CustomRuleKeys, "a custom rule");
            var id = String(m, "id") ?? throw Fail(m.Position, "a custom rule needs an id (lower-case kebab-case, e.g. team-label; it is reported as custom:ID)");
            var where = $"customRules[{id}]";
            var idAt = m["id"]!.Position;
            if (id.StartsWith(CustomRuleDefinition.Prefix, StringComparison.Ordinal)) throw Fail(idAt, $"{where}.id: write the id without \"{CustomRuleDefinition.Prefix}\"; the rule is reported as {id}");
            if (id.Length > 63 || !KebabId().IsMatch(id)) throw Fail(idAt, $"{where}.id: \"{id}\" is not lower-case kebab-case (a-z, 0-9 and -, at most 63 characters)");
            if (builtInRuleIds.Contains(id)) throw Fail(idAt, $"{where}.id: \"{id}\" is a built-in rule's id; choose another (custom rules are reported as custom:ID)");
            var title = String(m, "title") is { Length: > 0 } t ? t : throw Fail(m.Position, $"{where}: a custom rule needs a title");
            var severityText = String(m, "severity") ?? throw Fail(m.Position, $"{where}: a custom rule needs a severity (low, medium, high or critical)");
            if (!SeverityNames.TryParse(severityText, out var severity)) throw Fail(m["severity"]!.Position, $"{where}.severity: \"{severityText}\" is not low, medium, high or critical");
            var target = String(m, "target") switch
            {
                null or "object" => CustomRuleTarget.Object,
                "podTemplate" => CustomRuleTarget.PodTemplate,
                var other => throw Fail(m["target"]!.Position, $"{where}.target: \"{other}\" is not object or podTemplate"),
            };
            var match = ReadMatch(m, where, target);
            var expression = Expression(m, "expression", where, required: true)!;
            var messageExpression = Expression(m, "messageExpression", where, required: false);
            return new CustomRuleDefinition
            {
                Name = id,
                Title = title,
                Severity = severity,
                Description = String(m, "description"),
                Remediation = String(m, "remediation"),
                Match = match,
                Target = target,
                Expression = expression,
                Message = String(m, "message"),
                MessageExpression = messageExpression,
                File = path,
                Position = m.Position,
            };
        }

        private CustomRuleMatch ReadMatch(YMapping rule, string where, CustomRuleTarget target)
        {
            if (rule["match"] is null or YScalar { Kind: ScalarKind.Null })
            {
                // A rule over every object is seldom meant; over every pod template it is the point.
                if (target == CustomRuleTarget.PodTemplate) return new CustomRuleMatch([], [], [], VapLabelSelector.Everything);
                throw Fail(rule.Position, $"{where}: a custom rule needs match.kinds (\"*\" for every kind), or target: podTemplate");
            }
            if (rule["match"] is not YMapping m) throw Fail(rule["match"]!.Position, $"{where}.match: expected a mapping with kinds, apiGroups, namespaces, labelSelector");
            CheckKeys(m, MatchKeys, $"{where}.match");
            var kinds = Strings(m, "kinds");
            if (kinds.Count == 0 && target == CustomRuleTarget.Object) throw Fail(m.Position, $"{where}.match.kinds: names no kind (\"*\" for every kind)");
            return new CustomRuleMatch(kinds, Strings(m, "apiGroups"), Strings(m, "namespaces"),
                m["labelSelector"] is { } s and not YScalar { Kind: ScalarKind.Null } ? Selector(s, $"{where}.match.labelSelector") : VapLabelSelector.Everything);
        }

        private List<string> Strings(YMapping m, string key) =>
            m.TryGetEntry(key, out var e) && e.Value is not YScalar { Kind: ScalarKind.Null } ? StringList(e).Select(s => s.Text).ToList() : [];

        private VapLabelSelector Selector(YNode node, string where)
        {
            if (node is not YMapping m) throw Fail(node.Position, $"{where}: expected a mapping with matchLabels, matchExpressions");
            CheckKeys(m, SelectorKeys, where);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (m["matchLabels"] is YMapping ml)
            {
                foreach (var e in ml.Entries) labels[e.Key] = e.Value is YScalar v ? v.Text : throw Fail(e.Value.Position, $"{where}.matchLabels.{e.Key}: expected a string");
            }
            else if (m["matchLabels"] is { } other and not YScalar { Kind: ScalarKind.Null }) throw Fail(other.Position, $"{where}.matchLabels: expected a mapping");
            var requirements = new List<VapSelectorRequirement>();
            if (m.TryGetEntry("matchExpressions", out var exprs) && exprs.Value is not YScalar { Kind: ScalarKind.Null })
            {
                if (exprs.Value is not YSequence list) throw Fail(exprs.KeyPosition, $"{where}.matchExpressions: expected a list");
                foreach (var item in list.Items)
                {
                    if (item is not YMapping r) throw Fail(item.Position, $"{where}.matchExpressions: each is a mapping with key, operator, values");
                    CheckKeys(r, RequirementKeys, $"{where}.matchExpressions");
                    var key = String(r, "key") ?? throw Fail(r.Position, $"{where}.matchExpressions: key is required");
                    var op = String(r, "operator") ?? throw Fail(r.Position, $"{where}.matchExpressions: operator is required");
                    var values = Strings(r, "values");
                    if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist")) throw Fail(r["operator"]!.Position, $"{where}.matchExpressions: \"{op}\" is not In, NotIn, Exists or DoesNotExist");
                    if (op is "In" or "NotIn" && values.Count == 0) throw Fail(r.Position, $"{where}.matchExpressions: values must be given with {op}");
                    if (op is "Exists" or "DoesNotExist" && values.Count > 0) throw Fail(r.Position, $"{where}.matchExpressions: values may not be given with {op}");
                    requirements.Add(new VapSelectorRequirement(key, op, values));
                }
            }
            return new VapLabelSelector(labels, requirements);
        }

        private VapExpression? Expression(YMapping m, string key, string where, bool required)
        {
            if (String(m, key) is not { } text || text.Trim().Length == 0)
            {
                if (required) throw Fail(m[key]?.Position ?? m.Position, $"{where}.{key}: a custom rule needs a CEL expression (true passes)");
                return null;
            }
            var at = m[key]!.Position;
            try
            {
                // The API server's CEL at the newest version, as a ValidatingAdmissionPolicy's default:
                // one language for both, so a custom rule moves to a policy unchanged.
                return new VapExpression(text, at, CelProgram.Compile(text, check: true, CelEnvironment.Newest));
            }
            catch (CelParseException e)
            {
                throw Fail(VapExpressionPositions.Map(lines, at, e.Line, e.Column), $"{where}.{key}: compilation failed: ERROR: <input>:{e.Line}:{e.Column}: {e.Reason}");
            }
        }
    }
}
