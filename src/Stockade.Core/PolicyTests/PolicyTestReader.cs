using Stockade.Yaml;

namespace Stockade.PolicyTests;

/// <summary>
/// Reads a <see cref="PolicyTestFile"/>. Every key is checked: a misspelt one is an error with its
/// position, never an expectation silently not tested.
/// </summary>
internal static class PolicyTestReader
{
    private static readonly HashSet<string> TopKeys = ["apiVersion", "kind", "metadata", "config", "policies", "profile", "resources", "results"];
    private static readonly HashSet<string> ResultKeys = ["policy", "rule", "resources", "kind", "namespace", "result", "message"];

    /// <exception cref="PolicyTestFileException">The text is not a valid test file.</exception>
    public static PolicyTestFile Parse(string text, string path)
    {
        var doc = YamlTreeBuilder.Parse(text.TrimStart('\uFEFF'), path, 0, 1, ParseLimits.Default);
        if (doc.Error is { } err) throw Fail(path, err.Position, err.Message);
        if (doc.Root is not YMapping root) throw Fail(path, new SourcePosition(1, 1), $"a test file is a mapping with apiVersion: {PolicyTestFile.ApiVersion} and kind: {PolicyTestFile.Kind}");
        foreach (var e in root.Entries.Where(e => !TopKeys.Contains(e.Key)))
            throw Fail(path, e.KeyPosition, $"unknown key \"{e.Key}\" (expected one of: {string.Join(", ", TopKeys)})");
        if (String(path, root, "apiVersion") != PolicyTestFile.ApiVersion || String(path, root, "kind") != PolicyTestFile.Kind)
            throw Fail(path, root.Position, $"not a test file: expected apiVersion: {PolicyTestFile.ApiVersion} and kind: {PolicyTestFile.Kind}");
        var name = root["metadata"] is YMapping meta ? String(path, meta, "name") : null;
        var policies = Strings(path, root, "policies");
        var profile = String(path, root, "profile");
        var config = String(path, root, "config");
        if (policies.Count == 0 && profile == null && config == null) throw Fail(path, root.Position, "policies: names no file and there is no profile or config: the test would run nothing");
        var resources = Strings(path, root, "resources");
        if (resources.Count == 0) throw Fail(path, root.Position, "resources: names no file");
        if (root["results"] is not YSequence results || results.Items.Count == 0) throw Fail(path, root.Position, "results: lists no expected result");
        var cases = new List<PolicyTestCase>();
        foreach (var item in results.Items) cases.AddRange(Cases(path, item));
        return new PolicyTestFile { File = path, Name = name, Policies = policies, Profile = profile, Config = config, Resources = resources, Cases = cases };
    }

    private static IEnumerable<PolicyTestCase> Cases(string path, YNode item)
    {
        if (item is not YMapping m) throw Fail(path, item.Position, "a result is a mapping with resources: and result:");
        foreach (var e in m.Entries.Where(e => !ResultKeys.Contains(e.Key)))
            throw Fail(path, e.KeyPosition, $"unknown key \"{e.Key}\" in a result (expected one of: {string.Join(", ", ResultKeys)})");
        var policy = String(path, m, "policy");
        var rule = String(path, m, "rule");
        if (policy != null && rule != null) throw Fail(path, m.Position, "a result names a policy or a rule, not both (a policy is rule vap:POLICY)");
        var expected = String(path, m, "result") switch
        {
            "pass" => false,
            "fail" => true,
            null => throw Fail(path, m.Position, "result: missing (pass or fail)"),
            var other => throw Fail(path, Position(m, "result"), $"result: \"{other}\" is not pass or fail"),
        };
        var message = String(path, m, "message");
        if (message != null && !expected) throw Fail(path, Position(m, "message"), "message: is what a failing result's finding says; a passing result has none");
        var kind = String(path, m, "kind");
        var ns = String(path, m, "namespace");
        if (m["resources"] is not YSequence list || list.Items.Count == 0) throw Fail(path, m.Position, "resources: names no resource");
        foreach (var r in list.Items)
        {
            if (r is not YScalar { Kind: not ScalarKind.Null } s || s.Text.Length == 0) throw Fail(path, r.Position, "a resource is NAME, KIND/NAME or KIND/NAMESPACE/NAME");
            var parts = s.Text.Split('/');
            if (parts.Length > 3 || parts.Any(p => p.Length == 0)) throw Fail(path, r.Position, $"\"{s.Text}\" is not NAME, KIND/NAME or KIND/NAMESPACE/NAME");
            var partKind = parts.Length > 1 ? parts[0] : null;
            if (partKind != null && kind != null && partKind != kind) throw Fail(path, r.Position, $"\"{s.Text}\" is a {partKind}, but the result's kind: is {kind}");
            var partNs = parts.Length == 3 ? parts[1] : null;
            if (partNs != null && ns != null && partNs != ns) throw Fail(path, r.Position, $"\"{s.Text}\" is in namespace {partNs}, but the result's namespace: is {ns}");
            yield return new PolicyTestCase
            {
                Resource = s.Text,
                ResourceKind = partKind ?? kind,
                ResourceNamespace = partNs ?? ns,
                ResourceName = parts[^1],
                Rule = policy != null ? "vap:" + policy : rule,
                ExpectFail = expected,
                Message = message,
                Line = r.Position.Line,
                Column = r.Position.Column,
            };
        }
    }

    private static SourcePosition Position(YMapping m, string key) => m.TryGetEntry(key, out var e) ? e.KeyPosition : m.Position;

    private static string? String(string path, YMapping map, string key)
    {
        if (!map.TryGetEntry(key, out var e) || e.Value is YScalar { Kind: ScalarKind.Null }) return null;
        if (e.Value is YScalar s) return s.Text;
        throw Fail(path, e.KeyPosition, $"{key}: expected a string");
    }

    private static List<string> Strings(string path, YMapping map, string key)
    {
        if (!map.TryGetEntry(key, out var e) || e.Value is YScalar { Kind: ScalarKind.Null }) return [];
        if (e.Value is not YSequence seq) throw Fail(path, e.KeyPosition, $"{key}: expected a list of files");
        return seq.Items.Select(i => i is YScalar { Kind: not ScalarKind.Null } s && s.Text.Length > 0 ? s.Text : throw Fail(path, i.Position, $"{key}: expected a file name")).ToList();
    }

    private static PolicyTestFileException Fail(string path, SourcePosition p, string message) => new($"{path}:{p.Line}:{p.Column}", message);
}
