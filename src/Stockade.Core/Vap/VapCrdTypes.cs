using Stockade.Cel.Checking;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>
/// The CEL type of a custom resource, from its CustomResourceDefinition's
/// <c>openAPIV3Schema</c> for a served version, as upstream's <c>common.SchemaDeclType</c> builds
/// it (<c>apiserver/pkg/cel/common/schemas.go</c>): <c>properties</c> are fields,
/// <c>additionalProperties</c> a map of string to its schema, <c>items</c> a list; string formats
/// <c>byte</c> and <c>date-time</c> are bytes and timestamp; <c>x-kubernetes-int-or-string</c>, and an
/// object preserving unknown fields without properties, dyn (so is a version without a schema). <c>apiVersion</c>, <c>kind</c> and
/// <c>metadata</c> are the ones every object has (metadata the built-in ObjectMeta), as the
/// published OpenAPI gives them whatever the CRD writes.
/// </summary>
internal static class VapCrdTypes
{
    /// <summary>Each served version's kind and type: (group, version, plural, kind, type).</summary>
    public static IEnumerable<(string Group, string Version, string Plural, string Kind, CheckType Type)> Of(KubeObject crd)
    {
        if (crd.Root["spec"] is not YMapping spec || spec["names"] is not YMapping names) yield break;
        var group = (spec["group"] as YScalar)?.Text ?? "";
        if ((names["kind"] as YScalar)?.Text is not { } kind || (names["plural"] as YScalar)?.Text is not { } plural) yield break;
        if (spec["versions"] is not YSequence versions) yield break;
        foreach (var v in versions.Items.OfType<YMapping>())
        {
            if ((v["name"] as YScalar)?.Text is not { } version || v["served"] is not YScalar { Kind: ScalarKind.Bool, BoolValue: true }) continue;
            var schema = (v["schema"] as YMapping)?["openAPIV3Schema"] as YMapping;
            yield return (group, version, plural, kind, Root(kind, schema));
        }
    }

    // A version without a schema, or whose root is not an object of properties, keeps whatever it
    // is given: dyn, nothing to check against.
    private static CheckType Root(string kind, YMapping? schema)
    {
        var declared = schema == null ? CheckType.Dyn : Of(kind, schema);
        if (declared.Kind != CheckKind.Object) return CheckType.Dyn;
        return CheckType.Object(kind, () => new Dictionary<string, CheckType>(declared.Fields, StringComparer.Ordinal)
        {
            ["apiVersion"] = CheckType.String,
            ["kind"] = CheckType.String,
            ["metadata"] = ObjectMeta.Value,
        });
    }

    // Every built-in kind's metadata is ObjectMeta; a ConfigMap's stands for it.
    private static readonly Lazy<CheckType> ObjectMeta = new(() =>
        VapCheckTypes.OfKind("v1", "ConfigMap")?.Fields.GetValueOrDefault("metadata") ?? CheckType.Dyn);

    private static CheckType Of(string name, YMapping schema)
    {
        if (schema["x-kubernetes-int-or-string"] is YScalar { Kind: ScalarKind.Bool, BoolValue: true }) return CheckType.Dyn;
        var type = (schema["type"] as YScalar)?.Text;
        var properties = schema["properties"] as YMapping;
        switch (type)
        {
            case "string":
                return (schema["format"] as YScalar)?.Text switch
                {
                    "byte" => CheckType.Bytes,
                    "date-time" => CheckType.Timestamp,
                    _ => CheckType.String,
                };
            case "integer": return CheckType.Int;
            case "number": return CheckType.Double;
            case "boolean": return CheckType.Bool;
            case "array":
                return schema["items"] is YMapping items ? CheckType.List(Of(name + ".@idx", items)) : CheckType.List(CheckType.Dyn);
            case "object" or null when properties != null:
                return CheckType.Object(name, () => properties!.Entries
                    .Where(e => e.Value is YMapping)
                    .ToDictionary(e => e.Key, e => Of($"{name}.{e.Key}", (YMapping)e.Value), StringComparer.Ordinal));
            case "object" when schema["additionalProperties"] is YMapping values:
                return CheckType.Map(CheckType.String, Of(name + ".@elem", values));
            default:
                return CheckType.Dyn;
        }
    }
}
