using System.Text;
using System.Text.Json.Nodes;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Psp;
using Stockade.Yaml;

namespace Stockade.Fix;

/// <summary>One input of <c>fix</c>, read whole.</summary>
internal sealed record FixInput(string Name, byte[] Bytes);

/// <summary>A change made, with the object it was made in.</summary>
internal sealed record AppliedChange(ObjectRef Object, int Line, FixChange Change)
{
    /// <summary>
    /// False when the fixed file still has a finding of the change's rule on its object: the edit
    /// was made, but it is not reported as a fix (another setting, or another container, still fails).
    /// </summary>
    public bool Cleared { get; init; } = true;
}

/// <summary>What fixing one file gave.</summary>
/// <param name="Name">The input's name (its path, or - for stdin).</param>
/// <param name="Original">The file's text as read (without a byte order mark).</param>
/// <param name="Fixed">The fixed text; equal to <paramref name="Original"/> when nothing changed or the file had errors.</param>
/// <param name="Changes">Every edit made.</param>
/// <param name="Remaining">Unsuppressed findings the fixed file still has (no safe value, or not selected with --rule).</param>
/// <param name="Errors">Input that could not be read; such a file is not changed.</param>
/// <param name="Notes">Documents that could not keep their layout.</param>
internal sealed record FixFileResult(string Name, string Original, string Fixed, IReadOnlyList<AppliedChange> Changes,
    IReadOnlyList<Finding> Remaining, IReadOnlyList<ScanError> Errors, IReadOnlyList<string> Notes)
{
    public bool Changed => Original != Fixed;
}

/// <summary>
/// <c>fix</c> without its host: scan the file with the profile and configuration, fix each pod from
/// its unsuppressed findings (<see cref="PodFixer"/>), write the edits into the documents in place
/// (<see cref="YamlEditor"/>, every document parsed back and compared with the intended JSON), scan
/// the result again, and repeat while a pass still finds something to fix. The result is accepted
/// only when it scans without errors; otherwise the file is left as it was and the failure reported.
/// </summary>
internal static class FixPipeline
{
    private const int MaxPasses = 3;

    public static FixFileResult Fix(FixInput input, ScanOptions scan, FixOptions options)
    {
        var bom = input.Bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var original = Encoding.UTF8.GetString(input.Bytes, bom, input.Bytes.Length - bom);
        var changes = new List<AppliedChange>();
        var notes = new List<string>();
        var text = original;
        var result = Scan(input.Name, text, scan);
        if (result.Errors.Count > 0) return new FixFileResult(input.Name, original, original, [], [], result.Errors, []);
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var edited = Pass(input.Name, text, result.Findings, options, changes, notes);
            if (edited == null) break;
            var rescanned = Scan(input.Name, edited, scan);
            if (rescanned.Errors.Count > 0)
            {
                // Never a file the API server (or the reader) would reject: keep the input and say why.
                var why = rescanned.Errors.Select(e => e with { Message = "the fixed file would not be valid, so it is left unchanged: " + e.Message }).ToList();
                return new FixFileResult(input.Name, original, original, [], result.Findings.Where(f => !f.Suppressed).ToList(), why, notes);
            }
            text = edited;
            result = rescanned;
        }
        var remaining = result.Findings.Where(f => !f.Suppressed && (options.Rules == null || options.Rules.Contains(f.Rule))).ToList();
        // A change is a fix only if the rescan no longer finds its rule on its object (and its
        // container, for a container's change; a pod-level change answers for every container).
        var stillFound = remaining.Select(f => (f.Object, f.Rule, f.Container)).ToHashSet();
        var byObjectRule = remaining.Select(f => (f.Object, f.Rule)).ToHashSet();
        var judged = changes.Select(c =>
            (c.Change.Container == null ? byObjectRule.Contains((c.Object, c.Change.Rule)) : stillFound.Contains((c.Object, c.Change.Rule, c.Change.Container)))
                ? c with { Cleared = false } : c).ToList();
        return new FixFileResult(input.Name, original, text, judged, remaining, [], notes);
    }

    private static ScanResult Scan(string name, string text, ScanOptions options)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new Scanner(options).Scan([new ScanInput(name, () => new MemoryStream(bytes, writable: false))]);
    }

    /// <summary>One round of fixes over the file; null when nothing was left to change.</summary>
    private static string? Pass(string name, string text, IReadOnlyList<Finding> findings, FixOptions options, List<AppliedChange> applied, List<string> notes)
    {
        var selected = findings.Where(f => !f.Suppressed && PodFixer.FixableRules.Contains(f.Rule) && (options.Rules == null || options.Rules.Contains(f.Rule))).ToList();
        if (selected.Count == 0) return null;
        var documents = Read(name, text);
        var objects = documents.SelectMany(d => d.Objects).ToList();
        var edits = new List<(RawDocument Raw, ParsedDocument Doc, JsonNode Desired)>();
        foreach (var (raw, doc, docObjects) in documents)
        {
            JsonNode? desired = null;
            foreach (var obj in docObjects)
            {
                if (obj.Decode.HasErrors || WorkloadLocator.Locate(obj) is not { } pod) continue;
                var own = selected.Where(f => Owner(f, objects) == obj).ToList();
                if (own.Count == 0) continue;
                var fix = PodFixer.Fix(pod, new FixTargets(own), options);
                if (fix.Changes.Count == 0) continue;
                desired ??= TreeJson.From(doc.Root!)!;
                foreach (var c in fix.Changes)
                {
                    Apply(desired, c);
                    applied.Add(new AppliedChange(obj.Ref, obj.Position.Line, c));
                }
            }
            if (desired != null) edits.Add((raw, doc, desired));
        }
        if (edits.Count == 0) return null;
        return edits[0].Raw.JsonBytes != null ? FixedJson(name, text, edits, notes) : FixedYaml(name, text, edits, notes);
    }

    /// <summary>The object a finding is about: same reference, path inside the object, nearest start above the finding.</summary>
    private static KubeObject? Owner(Finding f, List<KubeObject> objects) =>
        objects.Where(o => o.Ref == f.Object && o.Position.Line <= f.Line && (o.PathPrefix.Length == 0 || f.Path.StartsWith(o.PathPrefix, StringComparison.Ordinal)))
            .OrderByDescending(o => o.PathPrefix.Length).ThenByDescending(o => o.Position.Line).FirstOrDefault();

    private static void Apply(JsonNode root, FixChange c)
    {
        if (!c.Remove)
        {
            // A new list item (a volume, a mount) lands at the end of its list, which may not exist yet.
            var slash = c.Pointer.LastIndexOf('/');
            if (int.TryParse(c.Pointer[(slash + 1)..], out _))
            {
                var list = c.Pointer[..slash];
                if (Resolve(root, list) is JsonArray a) a.Add(c.Value?.DeepClone());
                else PspJson.Set(root, list, new JsonArray(c.Value?.DeepClone()));
                return;
            }
            PspJson.Set(root, c.Pointer, c.Value);
            return;
        }
        Remove(root, c.Pointer);
    }

    /// <summary>
    /// Removes a key; an <c>annotations</c> (or template <c>metadata</c>) left empty goes too, so
    /// the edit removes lines instead of leaving <c>annotations: {}</c>.
    /// </summary>
    private static void Remove(JsonNode root, string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        var parent = pointer[..slash];
        if (Resolve(root, parent) is not JsonObject o) return;
        o.Remove(Json.JsonPointer.Unescape(pointer[(slash + 1)..]));
        if (o.Count == 0 && parent.Length > 0 && (parent.EndsWith("/annotations", StringComparison.Ordinal) || parent.EndsWith("/template/metadata", StringComparison.Ordinal)))
        {
            Remove(root, parent);
        }
    }

    private static JsonNode? Resolve(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (var part in pointer.Split('/').Skip(1).Select(Json.JsonPointer.Unescape))
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    private sealed record Document(RawDocument Raw, ParsedDocument Parsed, List<KubeObject> Objects);

    private static List<Document> Read(string name, string text)
    {
        var list = new List<Document>();
        foreach (var raw in DocumentSplitter.Split(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, ParseLimits.Default))
        {
            foreach (var doc in raw.Parse(ParseLimits.Default))
            {
                list.Add(new Document(raw, doc, doc.Error == null && doc.Root != null ? ObjectReader.Read(doc, []) : []));
            }
        }
        return list;
    }

    private static string FixedYaml(string name, string text, List<(RawDocument Raw, ParsedDocument Doc, JsonNode Desired)> edits, List<string> notes)
    {
        var edited = new List<EditedDocument>();
        foreach (var (raw, doc, desired) in edits)
        {
            var source = raw.Text ?? "";
            var result = YamlEditor.Edit(source, doc.StartLine, doc.Root, desired);
            if (!result.KeptLayout) notes.Add($"{name}:{raw.StartLine}: the document could not be edited in place (anchors or merge keys shared by what changed); it is rewritten, without its comments");
            edited.Add(new EditedDocument(raw.StartLine, source, result.Text, result.KeptLayout));
        }
        return PspYamlOutput.Splice(text, edited);
    }

    /// <summary>
    /// JSON edited in place as far as it goes: each object's text is edited as the flow YAML it also
    /// is (new keys after the last member, changed values replaced), and must parse back as JSON to
    /// the intended tree; an object that does not is re-serialised (indented), with a note.
    /// </summary>
    private static string FixedJson(string name, string text, List<(RawDocument Raw, ParsedDocument Doc, JsonNode Desired)> edits, List<string> notes)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) lineStarts.Add(i + 1);
        int Offset(SourcePosition p) => lineStarts[p.Line - 1] + p.Column - 1;
        var sb = new StringBuilder(text);
        foreach (var (_, doc, desired) in edits.OrderByDescending(e => e.Doc.Root!.Position.Line).ThenByDescending(e => e.Doc.Root!.Position.Column))
        {
            var root = doc.Root!;
            var start = Offset(root.Position);
            var end = Offset(root.End);
            var pad = new string(' ', root.Position.Column - 1);
            var result = YamlEditor.Edit(pad + text[start..end], root.Position.Line, root, desired);
            var replacement = result.KeptLayout && ParsesAs(result.Text[pad.Length..], desired) ? result.Text[pad.Length..] : null;
            if (replacement == null)
            {
                notes.Add($"{name}:{root.Position.Line}: the JSON object could not be edited in place; it is re-serialised");
                replacement = desired.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            }
            sb.Remove(start, end - start).Insert(start, replacement);
        }
        return sb.ToString();
    }

    private static bool ParsesAs(string json, JsonNode desired)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(json), desired);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
