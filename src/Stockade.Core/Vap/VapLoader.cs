using System.Text;
using Stockade.Cel;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>
/// Reads policy files (administrator's files: small, read whole so a CEL error can point inside its
/// expression) into a <see cref="VapPolicySet"/>; a file's unreadable document is a load error.
/// </summary>
internal static class VapLoader
{
    public static VapPolicySet Load(IEnumerable<(string Name, Func<Stream> Open)> inputs) => Load(inputs, CelEnvironment.Newest);

    /// <summary>Loads with every expression compiled in <paramref name="env"/> (the API server's CEL environment at a Kubernetes version).</summary>
    internal static VapPolicySet Load(IEnumerable<(string Name, Func<Stream> Open)> inputs, CelEnvironment env)
    {
        var objects = new List<KubeObject>();
        var texts = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var errors = new List<VapLoadError>();
        foreach (var (name, open) in inputs)
        {
            byte[] bytes;
            using (var s = open())
            using (var m = new MemoryStream())
            {
                s.CopyTo(m);
                bytes = m.ToArray();
            }
            texts[name] = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            objects.AddRange(Read(name, bytes, errors));
        }
        var set = VapPolicySet.From(objects, f => texts.GetValueOrDefault(f), env);
        set.Errors.InsertRange(0, errors);
        return set;
    }

    public static VapPolicySet FromText(string text, string name = "policy.yaml") =>
        Load([(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)))]);

    internal static VapPolicySet FromText(string text, CelEnvironment env, string name = "policy.yaml") =>
        Load([(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)))], env);

    private static List<KubeObject> Read(string name, byte[] bytes, List<VapLoadError> errors)
    {
        var objects = new List<KubeObject>();
        foreach (var raw in DocumentSplitter.Split(new MemoryStream(bytes), name, ParseLimits.Default))
        {
            foreach (var doc in raw.Parse(ParseLimits.Default))
            {
                if (doc.Error is { } e)
                {
                    errors.Add(new VapLoadError(name, e.Position, e.Message));
                    continue;
                }
                var notes = new List<ReadNote>();
                objects.AddRange(ObjectReader.Read(doc, notes));
                errors.AddRange(notes.Where(n => n.IsError).Select(n => new VapLoadError(name, n.Position, n.Message)));
            }
        }
        return objects;
    }
}
