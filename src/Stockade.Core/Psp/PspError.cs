using System.Globalization;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>
/// A problem with a pod or a policy, worded as the API server's <c>field.Error</c> printed it
/// (<c>spec.runAsUser.rule: Unsupported value: "X": supported values: …</c>), with where it applies.
/// <c>Control</c> is the PSP field family the error is about (<c>privileged</c>, <c>runAsUser</c>…).
/// </summary>
internal sealed record PspError(string Control, string Path, SourcePosition Position, string Message, string? Container = null)
{
    public override string ToString() => Message;

    public static PspError Invalid(string control, string path, SourcePosition at, object? value, string detail, string? container = null) =>
        new(control, path, at, $"{path}: Invalid value: {GoValue(value)}" + (detail.Length > 0 ? $": {detail}" : ""), container);

    public static PspError Required(string control, string path, SourcePosition at, string detail, string? container = null) =>
        new(control, path, at, $"{path}: Required value" + (detail.Length > 0 ? $": {detail}" : ""), container);

    public static PspError Forbidden(string control, string path, SourcePosition at, string detail, string? container = null) =>
        new(control, path, at, $"{path}: Forbidden: {detail}", container);

    public static PspError NotSupported(string control, string path, SourcePosition at, string value, IEnumerable<string> supported) =>
        new(control, path, at, $"{path}: Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    /// <summary>A value as the API server prints it in an error: strings quoted, null for nil.</summary>
    public static string GoValue(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        IEnumerable<string> list => "[]string{" + string.Join(", ", list.Select(s => $"\"{s}\"")) + "}",
        IEnumerable<long> ids => "[]int64{" + string.Join(", ", ids) + "}",
        GoSyntax go => go.Text,
        _ => value.ToString() ?? "",
    };
}

/// <summary>A value already in Go's <c>%#v</c> syntax (a typed slice such as <c>[]core.Capability{"NET_RAW"}</c>).</summary>
internal sealed record GoSyntax(string Text);
