namespace Stockade.Cel.Checking;

internal enum CheckKind { Dyn, Null, Bool, Int, Uint, Double, String, Bytes, Duration, Timestamp, List, Map, Object, Opaque, Optional, Type, TypeParam }

/// <summary>
/// A type as cel-go's checker sees it. <see cref="CheckKind.Object"/> is a Kubernetes object type
/// (a DeclType from a schema): its fields are known, one not among them is an "undefined field".
/// <see cref="CheckKind.Opaque"/> is a library's type (kubernetes.Quantity, net.IP …) by name.
/// </summary>
internal sealed class CheckType
{
    private readonly Func<IReadOnlyDictionary<string, CheckType>>? _fields;
    private IReadOnlyDictionary<string, CheckType>? _resolved;

    private CheckType(CheckKind kind, string name, CheckType? element = null, CheckType? key = null, Func<IReadOnlyDictionary<string, CheckType>>? fields = null)
    {
        Kind = kind;
        Name = name;
        Element = element;
        Key = key;
        _fields = fields;
    }

    public CheckKind Kind { get; }

    /// <summary>The type's name as cel-go prints it in a message (list(string), kubernetes.Quantity).</summary>
    public string Name { get; }

    /// <summary>A list's element, a map's value, an optional's value.</summary>
    public CheckType? Element { get; }

    public CheckType? Key { get; }

    /// <summary>An object's fields (resolved on first use: schemas nest deeply).</summary>
    public IReadOnlyDictionary<string, CheckType> Fields => _resolved ??= _fields?.Invoke() ?? new Dictionary<string, CheckType>();

    public static readonly CheckType Dyn = new(CheckKind.Dyn, "dyn");
    public static readonly CheckType Null = new(CheckKind.Null, "null_type");
    public static readonly CheckType Bool = new(CheckKind.Bool, "bool");
    public static readonly CheckType Int = new(CheckKind.Int, "int");
    public static readonly CheckType Uint = new(CheckKind.Uint, "uint");
    public static readonly CheckType Double = new(CheckKind.Double, "double");
    public static readonly CheckType String = new(CheckKind.String, "string");
    public static readonly CheckType Bytes = new(CheckKind.Bytes, "bytes");
    public static readonly CheckType Duration = new(CheckKind.Duration, "google.protobuf.Duration");
    public static readonly CheckType Timestamp = new(CheckKind.Timestamp, "google.protobuf.Timestamp");
    public static readonly CheckType TypeOfType = new(CheckKind.Type, "type");

    public static CheckType List(CheckType element) => new(CheckKind.List, $"list({element.Name})", element);
    public static CheckType Map(CheckType key, CheckType value) => new(CheckKind.Map, $"map({key.Name}, {value.Name})", value, key);
    public static CheckType Optional(CheckType value) => new(CheckKind.Optional, $"optional_type({value.Name})", value);
    public static CheckType Opaque(string name) => new(CheckKind.Opaque, name);
    public static CheckType Param(string name) => new(CheckKind.TypeParam, name);

    public static CheckType Object(string name, Func<IReadOnlyDictionary<string, CheckType>> fields) => new(CheckKind.Object, name, fields: fields);

    public static CheckType Object(string name, IReadOnlyDictionary<string, CheckType> fields) => new(CheckKind.Object, name, fields: () => fields);

    /// <summary>Dyn, or a type parameter: a type the checker does not know, which every use passes.</summary>
    public bool IsUnknown => Kind is CheckKind.Dyn or CheckKind.TypeParam;

    /// <summary>A scalar whose operators the checker can judge.</summary>
    public bool IsPrimitive => Kind is CheckKind.Bool or CheckKind.Int or CheckKind.Uint or CheckKind.Double or CheckKind.String
        or CheckKind.Bytes or CheckKind.Duration or CheckKind.Timestamp;

    public bool IsNumeric => Kind is CheckKind.Int or CheckKind.Uint or CheckKind.Double;

    public override string ToString() => Name;
}
