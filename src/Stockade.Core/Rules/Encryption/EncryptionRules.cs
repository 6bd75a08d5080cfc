using Stockade.Engine;
using Stockade.Rules.Encryption;

namespace Stockade.Rules;

/// <summary>Rules on the API server's EncryptionConfiguration.</summary>
internal static class EncryptionRules
{
    public static IReadOnlyList<Rule> All { get; } = [new EncryptionSecretsAtRest(), new EncryptionProviderStrength()];
}
