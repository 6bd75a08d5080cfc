using System.Text;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>
/// Sources that are not manifests yet: an unrendered Helm template and a Kustomize
/// kustomization. Scanning them as manifests would judge text that is not what gets deployed (or
/// report a YAML or JSON syntax error that says nothing useful), so each is an error that says how
/// to render it; and <c>helm template</c>'s <c># Source:</c> comment names the template a rendered
/// document came from.
/// </summary>
internal static class UnrenderedInput
{
    private const string SourcePrefix = "# Source: ";

    /// <summary>
    /// The error for a Helm template: a document that did not parse and holds <c>{{</c>, or any
    /// document with <c>{{</c> in a chart's <c>templates/</c> (where it may parse, into nonsense).
    /// </summary>
    public static ScanError? HelmTemplate(RawDocument raw, ParsedDocument doc, bool inHelmChart)
    {
        if (doc.Error == null && !inHelmChart) return null;
        var at = FirstTemplateAction(raw);
        if (at == null) return null;
        return new ScanError(doc.File, at.Value.Line, at.Value.Column,
            "a Helm template, not a manifest; render it with `helm template` and pipe it in (helm template CHART | stockade scan -)");
    }

    /// <summary>The error for a kustomization (by its file name, or its <c>kustomize.config.k8s.io</c> apiVersion).</summary>
    public static ScanError? Kustomization(ParsedDocument doc)
    {
        var name = Path.GetFileName(doc.File);
        var byName = name is "kustomization.yaml" or "kustomization.yml" or "Kustomization";
        var byKind = doc.Root is YMapping m && m["apiVersion"] is YScalar { Kind: ScalarKind.String } v && v.Text.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal);
        if (!byName && !byKind) return null;
        var dir = Path.GetDirectoryName(doc.File) is { Length: > 0 } d ? d : ".";
        var p = doc.Root?.Position ?? new SourcePosition(doc.StartLine, 1);
        return new ScanError(doc.File, p.Line, p.Column, $"a Kustomize kustomization, not a manifest; render it and pipe it in: kubectl kustomize {dir} | stockade scan -");
    }

    /// <summary>The template named by <c># Source: chart/templates/x.yaml</c> in the comments before a document's content.</summary>
    public static string? HelmSource(RawDocument raw)
    {
        if (raw.Text is not { } text) return null;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty || line is "---") continue;
            if (line[0] != '#') return null;
            if (line.StartsWith(SourcePrefix, StringComparison.Ordinal)) return line[SourcePrefix.Length..].Trim().ToString() is { Length: > 0 } s ? s : null;
        }
        return null;
    }

    private static SourcePosition? FirstTemplateAction(RawDocument raw)
    {
        var text = raw.Text ?? (raw.JsonBytes is { } b ? Encoding.UTF8.GetString(b) : null);
        if (text == null) return null;
        var i = text.IndexOf("{{", StringComparison.Ordinal);
        if (i < 0) return null;
        var lineStart = text.LastIndexOf('\n', Math.Max(0, i - 1)) + 1;
        if (i == 0) lineStart = 0;
        var line = raw.StartLine + text.AsSpan(0, i).Count('\n');
        return new SourcePosition(line, i - lineStart + 1);
    }
}
