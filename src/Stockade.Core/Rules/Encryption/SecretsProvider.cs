using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules.Encryption;

/// <summary>
/// Which provider of an EncryptionConfiguration (apiserver.config.k8s.io/v1) writes Secrets: the
/// first provider of the first resource entry that names <c>secrets</c>, <c>*.</c> (every core
/// resource) or <c>*.*</c> (every resource), as the API server picks it.
/// </summary>
internal sealed record SecretsProvider(string EntryPath, SourcePosition EntryPosition, string? Name, string? KmsApiVersion, SourcePosition Position, string Path)
{
    public static bool IsEncryptionConfiguration(KubeObject obj) =>
        obj is { Kind: "EncryptionConfiguration", ApiVersion: "apiserver.config.k8s.io/v1" or "apiserver.config.k8s.io/v1beta1" };

    /// <summary>The provider for Secrets, or null when no entry covers Secrets.</summary>
    public static SecretsProvider? Read(KubeObject obj)
    {
        var ctx = new DecodeContext(obj.Document.IsJson);
        foreach (var (entry, path, _) in ctx.MappingItems(obj.Root, "resources", obj.PathPrefix))
        {
            var names = ctx.Strings(entry, "resources", path).Select(r => r.Value).ToList();
            if (!names.Any(n => n is "secrets" or "secrets." or "*." or "*.*")) continue;
            var first = ctx.MappingItems(entry, "providers", path).FirstOrDefault();
            if (first.Item == null || first.Item.Count == 0) return new SecretsProvider(path, entry.Position, null, null, entry.Position, path);
            var provider = first.Item.Entries[0];
            var kmsVersion = provider.Key == "kms" && provider.Value is YMapping kms
                ? (kms["apiVersion"] as YScalar)?.Text ?? "v1"
                : null;
            return new SecretsProvider(path, entry.Position, provider.Key, kmsVersion, provider.KeyPosition, FieldPaths.Join(first.Path, provider.Key));
        }
        return null;
    }
}
