using System.Collections.Frozen;

namespace Stockade.Kube.Schema;

/// <summary>A model type of the built-in API: the JSON names of its fields and what each holds.</summary>
internal sealed class SchemaType(string name, Func<FrozenDictionary<string, SchemaShape>> parseFields)
{
    private FrozenDictionary<string, SchemaShape>? _fields;

    /// <summary>The Go type's name as the KubernetesClient models spell it (V1PodSpec).</summary>
    public string Name { get; } = name;

    /// <summary>The fields, parsed on first use; threads that race there parse the same row and one result is kept.</summary>
    public FrozenDictionary<string, SchemaShape> Fields
    {
        get
        {
            if (Volatile.Read(ref _fields) is { } known) return known;
            var parsed = parseFields();
            return Interlocked.CompareExchange(ref _fields, parsed, null) ?? parsed;
        }
    }
}

internal enum ShapeKind
{
    /// <summary>A scalar or a value type of its own (quantity, int-or-string, time): its keys are not fields.</summary>
    Value,
    /// <summary>Kept as written (RawExtension, JSON, the unions of JSONSchemaProps): any keys are allowed.</summary>
    Any,
    Object,
    List,
    Map,
}

/// <summary>What a <see cref="ShapeKind.Value"/> is, as the API server's schema types it (for CEL type checking).</summary>
internal enum ValueKind { Other, String, Integer, Number, Boolean, DateTime, Bytes, Quantity, IntOrString }

/// <summary>What a field holds: a value, anything, an object of a type, or a list or map of a shape.</summary>
internal sealed class SchemaShape
{
    private SchemaShape(ShapeKind kind, SchemaType? type, SchemaShape? element, ValueKind scalar = ValueKind.Other)
    {
        Kind = kind;
        Type = type;
        Element = element;
        Scalar = scalar;
    }

    public ShapeKind Kind { get; }

    /// <summary>The value's type, for <see cref="ShapeKind.Value"/>.</summary>
    public ValueKind Scalar { get; }

    /// <summary>The object's type, for <see cref="ShapeKind.Object"/>.</summary>
    public SchemaType? Type { get; }

    /// <summary>The items' or values' shape, for <see cref="ShapeKind.List"/> and <see cref="ShapeKind.Map"/>.</summary>
    public SchemaShape? Element { get; }

    public static readonly SchemaShape Value = new(ShapeKind.Value, null, null);

    private static readonly Dictionary<ValueKind, SchemaShape> Scalars =
        Enum.GetValues<ValueKind>().ToDictionary(k => k, k => k == ValueKind.Other ? Value : new SchemaShape(ShapeKind.Value, null, null, k));

    public static SchemaShape ScalarOf(ValueKind kind) => Scalars[kind];
    public static readonly SchemaShape Any = new(ShapeKind.Any, null, null);
    public static SchemaShape Object(SchemaType type) => new(ShapeKind.Object, type, null);
    public static SchemaShape ListOf(SchemaShape element) => new(ShapeKind.List, null, element);
    public static SchemaShape MapOf(SchemaShape element) => new(ShapeKind.Map, null, element);
}
