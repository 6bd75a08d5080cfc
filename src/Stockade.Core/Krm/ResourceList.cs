using System.Text;
using Stockade.Yaml;

namespace Stockade.Krm;

/// <summary>
/// The input of a KRM function (the KRM Functions Specification v1): one <c>ResourceList</c> of
/// <c>config.kubernetes.io</c>, with its <c>items</c>, its optional <c>functionConfig</c>, and the
/// text it was read from, which the output is an edit of so that the items go back as they came.
/// </summary>
internal sealed class ResourceList
{
    /// <summary>The versions of the wire format the specification lists (v1 and the ones it keeps reading).</summary>
    public static readonly IReadOnlySet<string> ApiVersions = new HashSet<string>(StringComparer.Ordinal)
    {
        "config.kubernetes.io/v1", "config.kubernetes.io/v1beta1", "config.kubernetes.io/v2alpha1",
    };

    public const string Kind = "ResourceList";

    private ResourceList(string text, int startLine, YMapping root, IReadOnlyList<ResourceListItem> items)
    {
        Text = text;
        StartLine = startLine;
        Root = root;
        Items = items;
    }

    /// <summary>The document's text (JSON or YAML), as read.</summary>
    public string Text { get; }

    /// <summary>The line of the input the text starts on.</summary>
    public int StartLine { get; }

    /// <summary>The document, read as YAML (JSON is YAML) so that it can be edited in place.</summary>
    public YMapping Root { get; }

    public IReadOnlyList<ResourceListItem> Items { get; }

    public YNode? FunctionConfig => Root["functionConfig"] is { } n and not YScalar { Kind: ScalarKind.Null } ? n : null;

    /// <summary>
    /// Reads <paramref name="input"/> as exactly one ResourceList, or says why it is not one, with
    /// the position (<c>name:line:column</c>) where it can.
    /// </summary>
    public static ResourceList Read(byte[] input, string name, ParseLimits limits)
    {
        var documents = DocumentSplitter.Split(new MemoryStream(input, writable: false), name, limits).ToList();
        RawDocument? raw = null;
        foreach (var doc in documents)
        {
            if (doc.Error is { } error) throw Fail(name, error.Position, error.Message);
            if (IsEmpty(doc, limits)) continue;
            if (raw != null) throw Fail(name, new SourcePosition(doc.StartLine, 1), "a second document: the input of a KRM function is one ResourceList");
            raw = doc;
        }
        if (raw == null) throw Fail(name, new SourcePosition(1, 1), "the input is empty: expected a ResourceList");
        // The JSON reader would keep its own positions; the one reading of the text that is edited is YAML's.
        var text = raw.Text ?? Encoding.UTF8.GetString(raw.JsonBytes!);
        var parsed = YamlTreeBuilder.Parse(text, name, 0, raw.StartLine, limits);
        if (parsed.Error is { } parseError) throw Fail(name, parseError.Position, parseError.Message);
        if (parsed.Root is not YMapping root) throw Fail(name, parsed.Root?.Position ?? new SourcePosition(raw.StartLine, 1), "expected a ResourceList (a mapping)");
        var kind = root["kind"] as YScalar;
        var apiVersion = root["apiVersion"] as YScalar;
        if (kind?.Text != Kind || apiVersion == null || !ApiVersions.Contains(apiVersion.Text))
        {
            throw Fail(name, root.Position, $"expected kind ResourceList of apiVersion {string.Join(", ", ApiVersions.Order(StringComparer.Ordinal))}, got {apiVersion?.Text ?? "no apiVersion"} {kind?.Text ?? "no kind"}");
        }
        // The specification requires items; an empty list may be written `items: []` or left null.
        var items = root["items"] switch
        {
            YSequence s => s.Items,
            null or YScalar { Kind: ScalarKind.Null } => [],
            var other => throw Fail(name, other.Position, "items: expected a list of objects"),
        };
        var list = new List<ResourceListItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YMapping item) throw Fail(name, items[i].Position, $"items[{i}]: expected an object (a mapping)");
            list.Add(ResourceListItem.Of(item, i));
        }
        return new ResourceList(text, raw.StartLine, root, list);
    }

    /// <summary>The item whose text holds <paramref name="line"/>, for errors that know only where they are.</summary>
    public ResourceListItem? ItemAt(int line) => Items.FirstOrDefault(i => i.Node.Position.Line <= line && line <= i.Node.End.Line);

    private static bool IsEmpty(RawDocument doc, ParseLimits limits)
    {
        if (doc.JsonBytes != null) return false;
        var parsed = YamlTreeBuilder.Parse(doc.Text ?? "", doc.File, doc.Index, doc.StartLine, limits);
        return parsed.Error == null && parsed.Root is null or YScalar { Kind: ScalarKind.Null };
    }

    private static ResourceListException Fail(string name, SourcePosition p, string message) => new($"{name}:{p.Line}:{p.Column}: {message}");
}

/// <summary>An input that is not one ResourceList; the function answers it with an error result.</summary>
internal sealed class ResourceListException(string message) : Exception(message);

/// <summary>One object of <c>items</c>: what a result says about it (its reference and the file the orchestrator read it from).</summary>
/// <param name="Node">The item as parsed.</param>
/// <param name="Index">Its index in <c>items</c>.</param>
/// <param name="ApiVersion">Its apiVersion, when it has one.</param>
/// <param name="Kind">Its kind, when it has one.</param>
/// <param name="Name">metadata.name, when set.</param>
/// <param name="Namespace">metadata.namespace, when set.</param>
/// <param name="FilePath">The file it came from: <c>internal.config.kubernetes.io/path</c>, else the legacy <c>config.kubernetes.io/path</c>.</param>
/// <param name="FileIndex">Its index in that file: <c>internal.config.kubernetes.io/index</c>, else the legacy <c>config.kubernetes.io/index</c>.</param>
internal sealed record ResourceListItem(YMapping Node, int Index, string? ApiVersion, string? Kind, string? Name, string? Namespace, string? FilePath, int? FileIndex)
{
    public const string PathAnnotation = "internal.config.kubernetes.io/path";
    public const string IndexAnnotation = "internal.config.kubernetes.io/index";
    public const string LegacyPathAnnotation = "config.kubernetes.io/path";
    public const string LegacyIndexAnnotation = "config.kubernetes.io/index";

    public static ResourceListItem Of(YMapping item, int index)
    {
        var metadata = item["metadata"] as YMapping;
        var annotations = metadata?["annotations"] as YMapping;
        string? Text(YMapping? m, string key) => m?[key] is YScalar { Kind: not ScalarKind.Null } s ? s.Text : null;
        var path = Text(annotations, PathAnnotation) ?? Text(annotations, LegacyPathAnnotation);
        var fileIndex = Text(annotations, IndexAnnotation) ?? Text(annotations, LegacyIndexAnnotation);
        return new ResourceListItem(item, index, Text(item, "apiVersion"), Text(item, "kind"), Text(metadata, "name"), Text(metadata, "namespace"),
            path, int.TryParse(fileIndex, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null);
    }
}
