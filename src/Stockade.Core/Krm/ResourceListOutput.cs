using System.Text;
using System.Text.Json.Nodes;
using Stockade.Yaml;

namespace Stockade.Krm;

/// <summary>
/// The output ResourceList: the input's text with <c>results</c> set (replacing any a previous
/// function left), edited in place by <see cref="YamlEditor"/> so that items, functionConfig,
/// comments and the format (YAML or JSON) go back as they came; every output is parsed back and
/// checked to read as the input with the new results.
/// </summary>
internal static class ResourceListOutput
{
    public static string Write(ResourceList list, IReadOnlyList<JsonObject> results)
    {
        var input = (JsonObject)TreeJson.From(list.Root)!;
        var desired = Without(input, "results");
        var withoutResults = desired.DeepClone().AsObject();
        if (results.Count > 0) desired["results"] = new JsonArray([.. results.Select(r => (JsonNode)r.DeepClone())]);
        // YAML reads best with the results as block YAML at the end; the editor writes new values as flow JSON.
        if (!list.Root.IsFlow && results.Count > 0)
        {
            var edited = YamlEditor.Edit(list.Text, list.StartLine, list.Root, withoutResults);
            if (edited.KeptLayout)
            {
                var text = edited.Text.Length == 0 || edited.Text.EndsWith('\n') ? edited.Text : edited.Text + Newline(edited.Text);
                var block = text + Block(results, Newline(list.Text));
                if (YamlEditor.ReadsAs(block, list.StartLine, desired)) return block;
            }
        }
        return YamlEditor.Edit(list.Text, list.StartLine, list.Root, desired).Text;
    }

    /// <summary>The answer to an input that is not a ResourceList: no items (there are none to give back) and the error.</summary>
    public static string Failure(JsonObject result) =>
        Block([result], "\n").Insert(0, "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n");

    private static string Block(IReadOnlyList<JsonObject> results, string newline)
    {
        var sb = new StringBuilder("results:").Append(newline);
        foreach (var r in results)
        {
            var lines = YamlEditor.Render(r, newline).Split(newline, StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < lines.Length; i++) sb.Append(i == 0 ? "- " : "  ").Append(lines[i]).Append(newline);
        }
        return sb.ToString();
    }

    private static string Newline(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private static JsonObject Without(JsonObject o, string key)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in o)
        {
            if (k != key) copy[k] = v?.DeepClone();
        }
        return copy;
    }
}
