using Stockade.Kube.Schema;

namespace Stockade.Cli;

/// <summary><c>--validate strict|warn|ignore</c>, kubectl's flag: what unknown and duplicate fields of built-in kinds are.</summary>
internal static class ValidateOption
{
    public const string Name = "--validate";

    /// <summary>Strict unless asked otherwise: kubectl apply's default since Kubernetes 1.27.</summary>
    public static FieldValidation Parse(ArgReader a) => a.Value(Name) is not { } text ? FieldValidation.Strict
        : FieldValidationNames.Parse(text) ?? throw new UsageException($"unknown {Name} mode \"{text}\" (known: strict, warn, ignore)");
}
