using System.Text;
using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>One document of a YAML file after mutation.</summary>
/// <param name="StartLine">The file line the document's text starts on.</param>
/// <param name="Original">The document's text as read.</param>
/// <param name="Edited">Its text after the edits (the same string when nothing changed).</param>
/// <param name="KeptLayout">False when the document had to be rewritten whole.</param>
internal sealed record EditedDocument(int StartLine, string Original, string Edited, bool KeptLayout);

/// <summary>
/// The mutated manifest as YAML that keeps the input's layout: each document holding a mutated
/// object is edited in place (<see cref="YamlEditor"/>), every other byte of the file is kept.
/// </summary>
internal static class PspYamlOutput
{
    /// <summary>What a document should read as once its objects are replaced by their mutated form.</summary>
    /// <returns>Null when no object of the document changed.</returns>
    public static JsonNode? DesiredDocument(ParsedDocument doc, IEnumerable<PspMutation> mutations)
    {
        JsonNode? desired = null;
        foreach (var m in mutations)
        {
            if (JsonNode.DeepEquals(m.Before, m.After)) continue;
            if (ReferenceEquals(m.Object.Root, doc.Root)) return m.After.DeepClone();
            // A List item: its place in the document's items.
            if (doc.Root is not YMapping { } root || root["items"] is not YSequence items) continue;
            var index = IndexOf(items, m.Object.Root);
            if (index < 0) continue;
            desired ??= TreeJson.From(doc.Root);
            desired!["items"]![index] = m.After.DeepClone();
        }
        return desired;
    }

    private static int IndexOf(YSequence items, YNode node)
    {
        for (var i = 0; i < items.Items.Count; i++)
        {
            if (ReferenceEquals(items.Items[i], node)) return i;
        }
        return -1;
    }

    /// <summary>Edits one YAML document to hold the mutated objects; verbatim when none changed.</summary>
    public static EditedDocument Edit(RawDocument raw, ParsedDocument doc, IEnumerable<PspMutation> mutations)
    {
        var text = raw.Text ?? "";
        var desired = doc.Error == null ? DesiredDocument(doc, mutations) : null;
        if (desired == null) return new EditedDocument(raw.StartLine, text, text, true);
        var result = YamlEditor.Edit(text, doc.StartLine, doc.Root, desired);
        return new EditedDocument(raw.StartLine, text, result.Text, result.KeptLayout);
    }

    /// <summary>
    /// The file's text with its edited documents put in place; separators, comments between
    /// documents and unchanged documents stay as they were.
    /// </summary>
    /// <param name="fileText">The whole file, decoded, without a byte order mark (as the splitter reads it).</param>
    /// <param name="documents">The documents that were edited, each with its place in the file.</param>
    public static string Splice(string fileText, IEnumerable<EditedDocument> documents)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = fileText.IndexOf('\n'); i >= 0; i = fileText.IndexOf('\n', i + 1)) lineStarts.Add(i + 1);
        var spans = new List<(int Start, EditedDocument Doc)>();
        foreach (var d in documents)
        {
            if (ReferenceEquals(d.Original, d.Edited) || d.Original == d.Edited) continue;
            var start = d.StartLine - 1 < lineStarts.Count ? lineStarts[d.StartLine - 1] : -1;
            if (start < 0 || string.CompareOrdinal(fileText, start, d.Original, 0, d.Original.Length) != 0)
            {
                throw new InvalidOperationException($"document at line {d.StartLine} is not where the file has it");
            }
            spans.Add((start, d));
        }
        var sb = new StringBuilder(fileText);
        foreach (var (start, d) in spans.OrderByDescending(s => s.Start))
        {
            sb.Remove(start, d.Original.Length).Insert(start, d.Edited);
        }
        return sb.ToString();
    }
}
