using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>What reading a document produced besides objects.</summary>
internal readonly record struct ReadNote(SourcePosition Position, string Message, bool IsError);

/// <summary>
/// Turns parsed documents into Kubernetes objects: every document that is a mapping with
/// <c>apiVersion</c> and <c>kind</c>; the items of <c>v1 List</c> and of any <c>*List</c> kind.
/// </summary>
internal static class ObjectReader
{
    public static List<KubeObject> Read(ParsedDocument doc, List<ReadNote> notes)
    {
        var objects = new List<KubeObject>();
        if (doc.Root == null || doc.Root is YScalar { Kind: ScalarKind.Null }) return objects;
        if (doc.Root is not YMapping root)
        {
            notes.Add(new ReadNote(doc.Root.Position, "skipped: not a Kubernetes object (the document is not a mapping)", false));
            return objects;
        }
        var obj = ReadObject(doc, root, doc.PathPrefix, notes);
        if (obj != null) Add(obj, objects, notes, depth: 0);
        return objects;
    }

    // kubectl flattens Lists inside Lists; the bound keeps a hostile nesting from going deep.
    private const int MaxListNesting = 16;

    private static void Add(KubeObject obj, List<KubeObject> objects, List<ReadNote> notes, int depth)
    {
        var items = obj.Root["items"];
        if (obj.Kind == "List" && items is not (null or YSequence or YScalar { Kind: ScalarKind.Null }))
        {
            notes.Add(new ReadNote(items.Position, $"{obj.PathOf("items")}: expected a list, got {DecodeContext.Describe(items)}; kubectl rejects this List", true));
            return;
        }
        if (obj.Kind == "List" && items is YScalar { Kind: ScalarKind.Null }) return;
        // Like kubectl, only a *List whose items are a list is unpacked; any other object is itself.
        if (!obj.Kind.EndsWith("List", StringComparison.Ordinal) || items is not YSequence)
        {
            objects.Add(obj);
            return;
        }
        if (depth >= MaxListNesting)
        {
            notes.Add(new ReadNote(obj.Position, $"Lists nested deeper than {MaxListNesting} levels", true));
            return;
        }
        var ctx = obj.Decode;
        foreach (var (item, path, _) in ctx.MappingItems(obj.Root, "items", obj.PathPrefix))
        {
            var child = ReadObject(obj.Document, item, path, notes);
            if (child != null) Add(child, objects, notes, depth + 1);
        }
        foreach (var e in ctx.Errors) notes.Add(new ReadNote(e.Position, e.Message, true));
    }


    private static KubeObject? ReadObject(ParsedDocument doc, YMapping root, string prefix, List<ReadNote> notes)
    {
        var ctx = new DecodeContext(doc.IsJson);
        var apiVersion = ctx.String(root, "apiVersion", prefix);
        var kind = ctx.String(root, "kind", prefix);
        if (ctx.HasErrors)
        {
            foreach (var e in ctx.Errors) notes.Add(new ReadNote(e.Position, e.Message, true));
            return null;
        }
        if (!apiVersion.IsSet || !kind.IsSet || apiVersion.Value.Length == 0 || kind.Value.Length == 0)
        {
            var what = prefix.Length == 0 ? "document" : prefix;
            notes.Add(new ReadNote(root.Position, $"skipped: {what} is not a Kubernetes object (no apiVersion or kind)", false));
            return null;
        }
        var metadata = ctx.Mapping(root, "metadata", prefix);
        var metaPath = FieldPaths.Join(prefix, "metadata");
        return new KubeObject
        {
            Document = doc,
            Root = root,
            PathPrefix = prefix,
            ApiVersion = apiVersion.Value,
            Kind = kind.Value,
            Name = ctx.String(metadata, "name", metaPath),
            Namespace = ctx.String(metadata, "namespace", metaPath),
            Labels = ctx.StringMap(metadata, "labels", metaPath),
            Annotations = ctx.StringMap(metadata, "annotations", metaPath),
            Decode = ctx,
        };
    }
}
