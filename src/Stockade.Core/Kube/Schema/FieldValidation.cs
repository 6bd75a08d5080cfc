namespace Stockade.Kube.Schema;

/// <summary>
/// What is done with fields the built-in schema does not declare and fields written twice: the
/// values of kubectl's <c>--validate</c> (the API server's <c>fieldValidation</c> Strict, Warn, Ignore).
/// </summary>
public enum FieldValidation
{
    /// <summary>Not checked: what a client that does not validate (Helm, Argo CD, Flux) sends.</summary>
    Ignore,
    /// <summary>Reported as notes, as the API server's warnings.</summary>
    Warn,
    /// <summary>Reported as errors, as <c>kubectl apply</c> (fieldValidation=Strict, its default) rejects them.</summary>
    Strict,
}

internal static class FieldValidationNames
{
    /// <summary>The value of <c>--validate</c>; also kubectl's <c>true</c> (strict) and <c>false</c> (ignore).</summary>
    public static FieldValidation? Parse(string text) => text switch
    {
        "strict" or "true" => FieldValidation.Strict,
        "warn" => FieldValidation.Warn,
        "ignore" or "false" => FieldValidation.Ignore,
        _ => null,
    };
}
