using System.Text;
using System.Text.Json.Nodes;

namespace Stockade.Psp;

/// <summary>One value PSP defaulting sets: where (a JSON pointer inside the object) and what.</summary>
internal sealed record PspChange(string Pointer, JsonNode? Value, string Description);

/// <summary>The changes defaulting made to a pod, in the order it made them.</summary>
internal sealed class PspChanges
{
    private readonly List<PspChange> _list = new();

    public IReadOnlyList<PspChange> All => _list;

    public int Count => _list.Count;

    public void Set(string pointer, JsonNode? value, string description) => _list.Add(new PspChange(pointer, value, description));

    /// <summary>An annotation key as a pointer segment (<c>/</c> becomes <c>~1</c>).</summary>
    public static string Segment(string key) => Json.JsonPointer.Escape(key);

    /// <summary>A field path (<c>items[2].spec.containers[0]</c>) as a JSON pointer (<c>/items/2/spec/containers/0</c>).</summary>
    public static string PointerOf(string path)
    {
        if (path.Length == 0) return "";
        var sb = new StringBuilder();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0) sb.Append('/').Append(Segment(name));
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                sb.Append('/').Append(part, bracket + 1, close - bracket - 1);
                bracket = part.IndexOf('[', close);
            }
        }
        return sb.ToString();
    }
}
