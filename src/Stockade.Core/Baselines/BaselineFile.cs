using System.Text.Json;
using Stockade.Reporting;
using Stockade.Yaml;

namespace Stockade.Baselines;

/// <summary>A baseline file that cannot be used, with file:line:column and why.</summary>
internal sealed class BaselineException(string message) : Exception(message);

/// <summary>
/// <c>.stockade-baseline.json</c>: <c>{"version": 1, "tool": …, "findings": [{rule, kind,
/// namespace, name, container, file, path, message, fingerprint}, …]}</c>, sorted by file, object
/// and rule so that a rewritten baseline diffs well in review. No date: the same findings give the
/// same file.
/// </summary>
internal static class BaselineFile
{
    public const string FileName = ".stockade-baseline.json";
    public const int Version = 1;

    private static readonly HashSet<string> EntryKeys = ["rule", "kind", "namespace", "name", "container", "file", "path", "message", "fingerprint"];

    public static void Write(Stream output, IEnumerable<BaselineEntry> entries)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ReportJsonEncoder.Instance });
        w.WriteStartObject();
        w.WriteNumber("version", Version);
        w.WriteString("tool", $"{ToolInfo.Name} {ToolInfo.Version}");
        w.WriteStartArray("findings");
        foreach (var e in Sorted(entries)) WriteEntry(w, e);
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>One entry as the baseline file writes it (the JSON report's <c>baseline.fixed</c> too).</summary>
    public static void WriteEntry(Utf8JsonWriter w, BaselineEntry e)
    {
            w.WriteStartObject();
            w.WriteString("rule", e.Rule);
            w.WriteString("kind", e.Kind);
            Nullable(w, "namespace", e.Namespace);
            Nullable(w, "name", e.Name);
            Nullable(w, "container", e.Container);
            w.WriteString("file", e.File);
            w.WriteString("path", e.Path);
            w.WriteString("message", e.Message);
            w.WriteString("fingerprint", e.Fingerprint);
            w.WriteEndObject();
    }

    private static IEnumerable<BaselineEntry> Sorted(IEnumerable<BaselineEntry> entries) => entries
        .OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal)
        .ThenBy(e => e.Namespace ?? "", StringComparer.Ordinal).ThenBy(e => e.Name ?? "", StringComparer.Ordinal)
        .ThenBy(e => e.Rule, StringComparer.Ordinal).ThenBy(e => e.Container ?? "", StringComparer.Ordinal)
        .ThenBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal);

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value != null) w.WriteString(name, value);
        else w.WriteNull(name);
    }

    /// <exception cref="BaselineException">The file cannot be read, is not JSON, or is not a baseline.</exception>
    public static IReadOnlyList<BaselineEntry> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException($"{path}: cannot read: {e.Message}");
        }
        return Parse(bytes, path);
    }

    public static IReadOnlyList<BaselineEntry> Parse(byte[] bytes, string path)
    {
        var docs = JsonTreeBuilder.Parse(bytes, path, ParseLimits.Default);
        if (docs.Count == 0) throw new BaselineException($"{path}:1:1: empty; a baseline is a JSON object (write one with `stockade baseline`)");
        var doc = docs[0];
        if (doc.Error is { } err) throw new BaselineException($"{path}:{err.Position.Line}:{err.Position.Column}: {err.Message}");
        if (docs.Count > 1) throw Fail(path, docs[1].Root?.Position ?? new SourcePosition(docs[1].StartLine, 1), "more than one JSON value");
        if (doc.Root is not YMapping root) throw Fail(path, doc.Root?.Position ?? new SourcePosition(1, 1), "a baseline is a JSON object with \"version\" and \"findings\"");
        if (root["version"] is not YScalar { Kind: ScalarKind.Int, IntValue: Version })
        {
            throw Fail(path, root["version"]?.Position ?? root.Position, $"\"version\" must be {Version} (written by `stockade baseline`)");
        }
        if (root["findings"] is not YSequence findings) throw Fail(path, root["findings"]?.Position ?? root.Position, "\"findings\" must be a list");
        var entries = new List<BaselineEntry>();
        foreach (var item in findings.Items)
        {
            if (item is not YMapping m) throw Fail(path, item.Position, "each finding is an object");
            foreach (var e in m.Entries)
            {
                if (!EntryKeys.Contains(e.Key)) throw Fail(path, e.KeyPosition, $"unknown key \"{e.Key}\" in a finding (expected: {string.Join(", ", EntryKeys)})");
            }
            var fingerprint = Required(path, m, "fingerprint");
            if (fingerprint.Length != 64 || !fingerprint.All(Uri.IsHexDigit)) throw Fail(path, m["fingerprint"]!.Position, "\"fingerprint\" is not a SHA-256 in hex");
            entries.Add(new BaselineEntry
            {
                Rule = Required(path, m, "rule"),
                Kind = Required(path, m, "kind"),
                Namespace = Optional(path, m, "namespace"),
                Name = Optional(path, m, "name"),
                Container = Optional(path, m, "container"),
                File = Required(path, m, "file"),
                Path = Optional(path, m, "path") ?? "",
                Message = Optional(path, m, "message") ?? "",
                Fingerprint = fingerprint,
                Line = m.Position.Line,
                Column = m.Position.Column,
            });
        }
        return entries;
    }

    private static BaselineException Fail(string path, SourcePosition p, string message) => new($"{path}:{p.Line}:{p.Column}: {message}");

    private static string Required(string path, YMapping m, string key) =>
        Optional(path, m, key) ?? throw Fail(path, m.Position, $"a finding needs \"{key}\"");

    private static string? Optional(string path, YMapping m, string key) => m[key] switch
    {
        null or YScalar { Kind: ScalarKind.Null } => null,
        YScalar { Kind: ScalarKind.String } s => s.Text,
        var other => throw Fail(path, other.Position, $"\"{key}\" must be a string"),
    };
}
