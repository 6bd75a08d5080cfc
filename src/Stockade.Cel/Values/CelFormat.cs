namespace Stockade.Cel.Values;

/// <summary>One of Kubernetes' named string formats (<c>format.dns1123Label()</c>…): equal by name.</summary>
internal sealed class CelFormat(string name, Func<string, IReadOnlyList<string>> validate) : ICelTypedValue
{
    public static readonly CelType Type = new("kubernetes.NamedFormat");

    public string Name { get; } = name;

    /// <summary>The validation errors of <paramref name="s"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(string s) => validate(s);

    public CelType CelType => Type;
    public override bool Equals(object? obj) => obj is CelFormat f && f.Name == Name;
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Name;
}
