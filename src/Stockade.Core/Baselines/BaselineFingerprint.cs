using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Stockade.Engine;

namespace Stockade.Baselines;

/// <summary>
/// What identifies a finding across runs: the rule, the file (as the baseline names it), the
/// object's kind, namespace and name, the container, the field path and the message. No line or
/// column and no document index, so moving lines or reordering documents keeps a finding accepted;
/// the message carries the offending value (the image, the capability, the port), so changing that
/// value makes the finding new. Indexes that only say where something is written are left out:
/// <c>items[N].</c> of a List and the container's index (its name is part of the key); references
/// to other places (<c>file.yaml:12</c>) lose their line.
/// </summary>
internal static partial class BaselineFingerprint
{
    public static string Of(Finding f, string file) => Of(f.Rule, file, f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Container, f.Path, f.Message);

    public static string Of(string rule, string file, string kind, string? ns, string? name, string? container, string path, string message)
    {
        var key = string.Join('\n', rule, file, kind, ns ?? "", name ?? "", container ?? "", NormalPath(path), NormalMessage(message));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    internal static string NormalPath(string path) => ContainerIndex().Replace(ListItem().Replace(path, ""), "$1[*]");

    internal static string NormalMessage(string message) => LineReference().Replace(message, "$1");

    [GeneratedRegex(@"^items\[\d+\]\.?")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"\b(containers|initContainers|ephemeralContainers)\[\d+\]")]
    private static partial Regex ContainerIndex();

    [GeneratedRegex(@"(\.(?:ya?ml|json)|<stdin>):\d+(?::\d+)?")]
    private static partial Regex LineReference();
}
