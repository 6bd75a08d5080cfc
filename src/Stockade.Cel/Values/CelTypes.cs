namespace Stockade.Cel.Values;

/// <summary>CEL's `null`: one value of type null_type.</summary>
internal sealed class CelNull
{
    public static readonly CelNull Value = new();
    private CelNull() { }
    public override string ToString() => "null";
}

/// <summary>A type as a value (`type(1) == int`): types are equal by name.</summary>
internal sealed class CelType(string name)
{
    public string Name { get; } = name;
    public static readonly CelType Int = new("int"), Uint = new("uint"), Double = new("double"), Bool = new("bool"),
        String = new("string"), Bytes = new("bytes"), List = new("list"), Map = new("map"), Null = new("null_type"),
        Type = new("type"), Optional = new("optional_type"), Timestamp = new("google.protobuf.Timestamp"),
        Duration = new("google.protobuf.Duration");

    /// <summary>The type names an identifier may denote.</summary>
    public static readonly IReadOnlyDictionary<string, CelType> ByName = new Dictionary<string, CelType>
    {
        ["int"] = Int, ["uint"] = Uint, ["double"] = Double, ["bool"] = Bool, ["string"] = String, ["bytes"] = Bytes,
        ["list"] = List, ["map"] = Map, ["null_type"] = Null, ["type"] = Type, ["optional_type"] = Optional,
        ["google.protobuf.Timestamp"] = Timestamp, ["google.protobuf.Duration"] = Duration,
        ["kubernetes.Quantity"] = CelQuantity.Type, ["kubernetes.URL"] = CelUrl.Type, ["net.IP"] = CelIp.Type,
        ["net.CIDR"] = CelCidr.Type, ["kubernetes.Semver"] = CelSemver.Type, ["kubernetes.NamedFormat"] = CelFormat.Type,
    };

    public override bool Equals(object? obj) => obj is CelType t && t.Name == Name;
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Name;
}

/// <summary>CEL bytes: compared and hashed by content.</summary>
internal sealed class CelBytes(byte[] data) : IComparable<CelBytes>
{
    public byte[] Data { get; } = data;
    public override bool Equals(object? obj) => obj is CelBytes b && b.Data.AsSpan().SequenceEqual(Data);
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Data);
        return h.ToHashCode();
    }
    public int CompareTo(CelBytes? other) => Data.AsSpan().SequenceCompareTo(other!.Data);
    public override string ToString() => "b\"" + Convert.ToHexString(Data) + "\"";
}

/// <summary>optional(T): `optional.none()` has no value.</summary>
internal sealed class CelOptional
{
    public static readonly CelOptional None = new(null);
    private readonly object? _value;
    private CelOptional(object? value) => _value = value;
    public static CelOptional Of(object value) => new(value);
    public bool HasValue => _value != null;
    public object Value => _value ?? throw new CelEvalException("optional.none() dereference");
    public override string ToString() => HasValue ? $"optional.of({_value})" : "optional.none()";
}

/// <summary>google.protobuf.Timestamp (held to .NET's 100 ns tick; CEL's range is years 1 to 9999).</summary>
internal readonly record struct CelTimestamp(DateTime Utc)
{
    public override string ToString() => Utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>google.protobuf.Duration (held to .NET's 100 ns tick).</summary>
internal readonly record struct CelDuration(TimeSpan Span)
{
    public override string ToString() => Span.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "s";
}
