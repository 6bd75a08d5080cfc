using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules;

/// <summary>
/// Reads fields of configuration files (KubeletConfiguration, EncryptionConfiguration…) by dotted
/// path, leniently: a field of the wrong type reads as unset, as these files are not API objects
/// the scanner validates.
/// </summary>
internal sealed class ConfigFields(KubeObject obj)
{
    private readonly DecodeContext _ctx = new(obj.Document.IsJson);

    public KubeObject Object { get; } = obj;

    /// <summary>The mapping at a dotted path (<c>authentication.x509</c>), or null; "" is the object itself.</summary>
    public YMapping? Mapping(string path)
    {
        YMapping? current = Object.Root;
        if (path.Length == 0) return current;
        foreach (var key in path.Split('.'))
        {
            current = current?[key] as YMapping;
        }
        return current;
    }

    private (YMapping? Owner, string OwnerPath, string Key) Split(string path)
    {
        var dot = path.LastIndexOf('.');
        var ownerPath = dot < 0 ? "" : path[..dot];
        return (Mapping(ownerPath), Object.PathOf(ownerPath), dot < 0 ? path : path[(dot + 1)..]);
    }

    public Field<bool> Bool(string path)
    {
        var (owner, ownerPath, key) = Split(path);
        return _ctx.Bool(owner, key, ownerPath);
    }

    public Field<string> String(string path)
    {
        var (owner, ownerPath, key) = Split(path);
        return _ctx.String(owner, key, ownerPath);
    }

    public Field<long> Int(string path)
    {
        var (owner, ownerPath, key) = Split(path);
        return _ctx.Int64(owner, key, ownerPath);
    }

    public List<Field<string>> Strings(string path)
    {
        var (owner, ownerPath, key) = Split(path);
        return _ctx.Strings(owner, key, ownerPath);
    }

    /// <summary>Where a finding about an absent field goes: the object's start, with the field's path.</summary>
    public (SourcePosition Position, string Path) Absent(string path) => (Object.Position, Object.PathOf(path));
}
