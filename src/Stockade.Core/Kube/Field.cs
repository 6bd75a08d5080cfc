using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>
/// A field read from a manifest: its value when set, where it was written and its field path.
/// The path is built only when asked for, so reading a field costs no allocation.
/// </summary>
internal readonly struct Field<T>
{
    public Field(T value, SourcePosition position, string ownerPath, string key)
    {
        Value = value;
        IsSet = true;
        Position = position;
        OwnerPath = ownerPath;
        Key = key;
    }

    /// <summary>The value; meaningful only when <see cref="IsSet"/>.</summary>
    public T Value { get; }

    /// <summary>False when the field is absent or null in the manifest.</summary>
    public bool IsSet { get; }

    /// <summary>Where the field's key was written.</summary>
    public SourcePosition Position { get; }

    public string OwnerPath { get; }
    public string Key { get; }

    /// <summary>The field path, e.g. <c>spec.template.spec.containers[0].securityContext.privileged</c>.</summary>
    public string Path => FieldPaths.Join(OwnerPath, Key);

    /// <summary>True when set to exactly <paramref name="expected"/>.</summary>
    public bool Is(T expected) => IsSet && EqualityComparer<T>.Default.Equals(Value, expected);

    public override string ToString() => IsSet ? $"{Path}={Value}" : "(unset)";
}

/// <summary>Builds field paths the way kubectl and the API server print them.</summary>
internal static class FieldPaths
{
    public static string Join(string owner, string key) =>
        owner.Length == 0 ? key : key.Length > 0 && key[0] == '[' ? owner + key : owner + "." + key;

    public static string Index(string owner, int index) => $"{owner}[{index}]";

    // Keys "[0]".."[63]" made once: every item of a string list (args, capabilities) carries one.
    private static readonly string[] IndexKeys = Enumerable.Range(0, 64).Select(i => $"[{i}]").ToArray();

    /// <summary>The key of a list's item, <c>[index]</c>, for a <see cref="Field{T}"/> whose owner is the list.</summary>
    public static string IndexKey(int index) => (uint)index < (uint)IndexKeys.Length ? IndexKeys[index] : $"[{index}]";
}
