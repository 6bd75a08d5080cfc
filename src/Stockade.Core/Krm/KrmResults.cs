using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Krm;

/// <summary>
/// A scan's findings, errors and notes as the <c>results</c> of the KRM Functions Specification:
/// a finding that fails the run (at or above fail-on, not suppressed) is an <c>error</c>, any other
/// finding a <c>warning</c>, a suppressed one and a note <c>info</c>, an input that could not be
/// read an <c>error</c>. Each names the object (<c>resourceRef</c>), the field in it, and the file
/// the orchestrator read it from.
/// </summary>
internal static partial class KrmResults
{
    public const string Error = "error";
    public const string Warning = "warning";
    public const string Info = "info";

    public static List<JsonObject> Of(ScanResult scan, ResourceList list, string name)
    {
        var results = new List<JsonObject>();
        foreach (var e in scan.Errors) results.Add(AtLine(list, e.Line, Error, $"{Where(e.File, e.Line, e.Column, name)}{e.Message}"));
        foreach (var f in scan.Findings) results.Add(OfFinding(f, list, scan.FailOn));
        foreach (var n in scan.Notes) results.Add(AtLine(list, n.Line, Info, $"{Where(n.File, n.Line, n.Column, name)}{n.Message}"));
        return results;
    }

    /// <summary>The one result of an input that is not a ResourceList the function can run on.</summary>
    public static JsonObject Failure(string message) => new() { ["message"] = message, ["severity"] = Error };

    private static JsonObject OfFinding(Finding f, ResourceList list, Severity? failOn)
    {
        var severity = f.Suppressed ? Info : Verdicts.Fails(f, failOn) ? Error : Warning;
        var message = f.Suppressed ? $"{f.Message} (suppressed: {f.SuppressionReason ?? f.SuppressionKind.Name()})" : f.Message;
        var result = new JsonObject { ["message"] = message, ["severity"] = severity };
        var (item, field) = ItemPath(f.Path, list);
        AddRef(result, f.Object.ApiVersion, f.Object.Kind, f.Object.Name, f.Object.Namespace);
        if (field.Length > 0 && result.ContainsKey("resourceRef")) result["field"] = new JsonObject { ["path"] = field };
        AddFile(result, item);
        var tags = new JsonObject { ["rule"] = f.Rule, ["severity"] = f.Severity.Name() };
        if (f.Container != null) tags["container"] = f.Container;
        if (f.Control != null) tags["control"] = f.Control;
        if (f.Policy != null) tags["policy"] = f.Policy;
        if (f.Binding != null) tags["binding"] = f.Binding;
        result["tags"] = tags;
        return result;
    }

    /// <summary>An error or note, given only its line: about the item whose text holds it, when one does.</summary>
    private static JsonObject AtLine(ResourceList list, int line, string severity, string message)
    {
        var result = new JsonObject { ["message"] = message, ["severity"] = severity };
        var item = list.ItemAt(line);
        if (item != null) AddRef(result, item.ApiVersion, item.Kind, item.Name, item.Namespace);
        AddFile(result, item);
        return result;
    }

    private static string Where(string file, int line, int column, string name) =>
        line > 0 && file == name ? $"{file}:{line}:{column}: " : file.Length > 0 && file != name ? $"{file}: " : "";

    // The specification requires apiVersion, kind and name of a reference: an object without a name has none.
    private static void AddRef(JsonObject result, string? apiVersion, string? kind, string? name, string? ns)
    {
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name)) return;
        var reference = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["name"] = name };
        if (!string.IsNullOrEmpty(ns)) reference["namespace"] = ns;
        result["resourceRef"] = reference;
    }

    private static void AddFile(JsonObject result, ResourceListItem? item)
    {
        if (item?.FilePath is not { } path) return;
        var file = new JsonObject { ["path"] = path };
        if (item.FileIndex is { } index) file["index"] = index;
        result["file"] = file;
    }

    /// <summary>The item a field path (<c>items[N].rest</c>) is in, and the path within it.</summary>
    private static (ResourceListItem? Item, string Field) ItemPath(string path, ResourceList list)
    {
        var m = ItemPrefix().Match(path);
        if (!m.Success) return (null, path);
        var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return (index < list.Items.Count ? list.Items[index] : null, path[m.Length..]);
    }

    [GeneratedRegex(@"^items\[(\d+)\]\.?")]
    private static partial Regex ItemPrefix();
}
