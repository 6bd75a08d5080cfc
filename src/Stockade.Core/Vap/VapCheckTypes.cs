using Stockade.Cel.Checking;
using Stockade.Kube.Schema;

namespace Stockade.Vap;

/// <summary>
/// The CEL types the API server's type checker gives a policy's variables: a built-in kind's
/// object type from its schema (upstream's <c>common.SchemaDeclType</c> over the kind's OpenAPI
/// schema), and the hand-built types of <c>request</c> and <c>namespaceObject</c>
/// (<c>plugin/cel/compile.go</c>'s BuildRequestType and BuildNamespaceType).
/// </summary>
internal static class VapCheckTypes
{
    // CEL reserved words: upstream escapes a property of such a name as __name__ (apiservercel.Escape).
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while",
    };

    /// <summary>The object type of a built-in kind; null for a kind with no built-in schema (custom resources).</summary>
    public static CheckType? OfKind(string apiVersion, string kind) =>
        BuiltInSchema.KindOf(apiVersion, kind) is { } t ? Object(kind, t) : null;

    private static CheckType Object(string name, SchemaType t) => CheckType.Object(name, () =>
    {
        var fields = new Dictionary<string, CheckType>(StringComparer.Ordinal);
        foreach (var (field, shape) in t.Fields)
        {
            var type = Of($"{name}.{field}", shape);
            fields[field] = type;
            // Both spellings: which one cel-go's field lookup meets is not worth a false warning.
            if (Reserved.Contains(field)) fields[$"__{field}__"] = type;
        }
        return fields;
    });

    private static CheckType Of(string name, SchemaShape shape) => shape.Kind switch
    {
        ShapeKind.Value => shape.Scalar switch
        {
            ValueKind.String => CheckType.String,
            ValueKind.Integer => CheckType.Int,
            ValueKind.Number => CheckType.Double,
            ValueKind.Boolean => CheckType.Bool,
            ValueKind.DateTime => CheckType.Timestamp,
            ValueKind.Bytes => CheckType.Bytes,
            // x-kubernetes-int-or-string is dyn upstream; a quantity (string or number) is left dyn too.
            _ => CheckType.Dyn,
        },
        ShapeKind.Object => Object(name, shape.Type!),
        ShapeKind.List => CheckType.List(Of(name + ".@idx", shape.Element!)),
        ShapeKind.Map => CheckType.Map(CheckType.String, Of(name + ".@elem", shape.Element!)),
        _ => CheckType.Dyn,
    };

    private static Dictionary<string, CheckType> Fields(params (string Name, CheckType Type)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);

    private static readonly CheckType StringList = CheckType.List(CheckType.String);
    private static readonly CheckType StringMap = CheckType.Map(CheckType.String, CheckType.String);

    public static readonly CheckType Request = BuildRequest();

    public static readonly CheckType Namespace = BuildNamespace();

    private static CheckType BuildRequest()
    {
        var gvk = CheckType.Object("kubernetes.GroupVersionKind", Fields(("group", CheckType.String), ("version", CheckType.String), ("kind", CheckType.String)));
        var gvr = CheckType.Object("kubernetes.GroupVersionResource", Fields(("group", CheckType.String), ("version", CheckType.String), ("resource", CheckType.String)));
        var user = CheckType.Object("kubernetes.UserInfo", Fields(
            ("username", CheckType.String), ("uid", CheckType.String), ("groups", StringList), ("extra", CheckType.Map(CheckType.String, StringList))));
        return CheckType.Object("kubernetes.AdmissionRequest", Fields(
            ("kind", gvk), ("resource", gvr), ("subResource", CheckType.String), ("requestKind", gvk), ("requestResource", gvr),
            ("requestSubResource", CheckType.String), ("name", CheckType.String), ("namespace", CheckType.String),
            ("operation", CheckType.String), ("userInfo", user), ("dryRun", CheckType.Bool), ("options", CheckType.Dyn)));
    }

    private static CheckType BuildNamespace()
    {
        var spec = CheckType.Object("kubernetes.NamespaceSpec", Fields(("finalizers", StringList)));
        var condition = CheckType.Object("kubernetes.NamespaceCondition", Fields(
            ("status", CheckType.String), ("type", CheckType.String), ("lastTransitionTime", CheckType.Timestamp),
            ("message", CheckType.String), ("reason", CheckType.String)));
        var status = CheckType.Object("kubernetes.NamespaceStatus", Fields(("conditions", CheckType.List(condition)), ("phase", CheckType.String)));
        var metadata = CheckType.Object("kubernetes.NamespaceMetadata", Fields(
            ("name", CheckType.String), ("generateName", CheckType.String), ("namespace", CheckType.String), ("labels", StringMap),
            ("annotations", StringMap), ("UID", CheckType.String), ("creationTimestamp", CheckType.Timestamp),
            ("deletionGracePeriodSeconds", CheckType.Int), ("deletionTimestamp", CheckType.Timestamp), ("generation", CheckType.Int),
            ("resourceVersion", CheckType.String), ("finalizers", StringList)));
        return CheckType.Object("kubernetes.Namespace", Fields(("metadata", metadata), ("spec", spec), ("status", status)));
    }
}
