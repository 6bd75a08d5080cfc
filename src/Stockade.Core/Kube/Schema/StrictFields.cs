using Stockade.Yaml;

namespace Stockade.Kube.Schema;

/// <summary>An unknown or duplicate field, where it was written.</summary>
internal readonly record struct FieldProblem(SourcePosition Position, string Message);

/// <summary>
/// Strict field validation of one object against <see cref="BuiltInSchema"/>, as the API server's
/// strict decoding (sigs.k8s.io/json UnmarshalStrict, and YAMLToJSONStrict for YAML) does it: a key
/// the Go type does not declare is an unknown field (matched case-sensitively, <c>metadata</c>
/// included), a key written twice is a duplicate field, and inside values kept as written
/// (RawExtension, JSON) any key is allowed. Only reports: the object the rules read is the one a
/// client that does not validate would have admitted (the last duplicate, unknown fields dropped,
/// which the decoder never reads).
/// </summary>
internal static class StrictFields
{
    /// <summary>
    /// Adds the problems of <paramref name="obj"/> to <paramref name="problems"/>; false when its
    /// kind has no built-in schema (a custom resource, a version Kubernetes does not serve).
    /// </summary>
    /// <param name="obj">The object, read from its document.</param>
    /// <param name="duplicates">The document's duplicate-key diagnostics that fall inside this object.</param>
    /// <param name="problems">Where the problems go, in document order of the walk.</param>
    public static bool Check(KubeObject obj, IEnumerable<YamlDiagnostic> duplicates, List<FieldProblem> problems)
    {
        if (BuiltInSchema.KindOf(obj.ApiVersion, obj.Kind) is not { } type) return false;
        new Walker(obj, problems).Object(obj.Root, type);
        foreach (var d in duplicates)
        {
            problems.Add(new FieldProblem(d.Position, $"duplicate field \"{d.Key}\" (first at line {d.EarlierPosition.Line})"));
        }
        return true;
    }

    private sealed class Walker(KubeObject obj, List<FieldProblem> problems)
    {
        // The path is kept as segments and joined only for a problem: most objects have none.
        private readonly List<string> _path = new();

        public void Object(YMapping mapping, SchemaType type)
        {
            foreach (var entry in mapping.Entries)
            {
                if (!type.Fields.TryGetValue(entry.Key, out var shape))
                {
                    problems.Add(new FieldProblem(entry.KeyPosition, $"unknown field \"{PathTo(entry.Key)}\""));
                    continue;
                }
                _path.Add(entry.Key);
                Value(entry.Value, shape);
                _path.RemoveAt(_path.Count - 1);
            }
        }

        // A value of another JSON type than the field's is the type rules' error, not this check's.
        private void Value(YNode node, SchemaShape shape)
        {
            switch (shape.Kind)
            {
                case ShapeKind.Object when node is YMapping m:
                    Object(m, shape.Type!);
                    break;
                case ShapeKind.List when node is YSequence s && shape.Element!.Kind is not (ShapeKind.Value or ShapeKind.Any):
                    for (var i = 0; i < s.Items.Count; i++)
                    {
                        _path.Add($"[{i}]");
                        Value(s.Items[i], shape.Element);
                        _path.RemoveAt(_path.Count - 1);
                    }
                    break;
                case ShapeKind.Map when node is YMapping m && shape.Element!.Kind is not (ShapeKind.Value or ShapeKind.Any):
                    foreach (var entry in m.Entries)
                    {
                        _path.Add(entry.Key);
                        Value(entry.Value, shape.Element);
                        _path.RemoveAt(_path.Count - 1);
                    }
                    break;
            }
        }

        private string PathTo(string key)
        {
            var path = "";
            foreach (var segment in _path) path = FieldPaths.Join(path, segment);
            return obj.PathOf(FieldPaths.Join(path, key));
        }
    }
}
