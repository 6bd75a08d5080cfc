using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>Identifies an object: the same fields kubectl prints.</summary>
public readonly record struct ObjectRef(string ApiVersion, string Kind, string? Namespace, string? Name)
{
    /// <summary><c>Kind/namespace/name</c>, or <c>Kind/name</c> without a namespace, as kubectl prints it.</summary>
    public override string ToString() =>
        Namespace is { Length: > 0 } ns ? $"{Kind}/{ns}/{Name ?? "(unnamed)"}" : $"{Kind}/{Name ?? "(unnamed)"}";
}

/// <summary>One Kubernetes object read from a document (or from a List's items).</summary>
internal sealed class KubeObject
{
    public required ParsedDocument Document { get; init; }
    public required YMapping Root { get; init; }

    /// <summary>Path prefix of the object in its document: empty, or <c>items[3]</c> for a List item.</summary>
    public required string PathPrefix { get; init; }
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public Field<string> Name { get; init; }
    public Field<string> Namespace { get; init; }
    public Dictionary<string, Field<string>> Labels { get; init; } = new();
    public Dictionary<string, Field<string>> Annotations { get; init; } = new();

    /// <summary>Type errors found while reading the object.</summary>
    public required DecodeContext Decode { get; init; }

    public string File => Document.File;
    public SourcePosition Position => Root.Position;

    public ObjectRef Ref => new(ApiVersion, Kind, Namespace.IsSet ? Namespace.Value : null, Name.IsSet ? Name.Value : null);

    /// <summary>The API group, without version (empty for the core group).</summary>
    public string Group => ApiVersion.IndexOf('/') is var i and >= 0 ? ApiVersion[..i] : "";

    /// <summary>Prefixes a field path relative to the object with the object's place in its document.</summary>
    public string PathOf(string relative) => PathPrefix.Length == 0 ? relative : FieldPaths.Join(PathPrefix, relative);
}
