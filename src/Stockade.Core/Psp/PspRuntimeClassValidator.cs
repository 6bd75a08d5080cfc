using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>Validates <c>runtimeClass</c>: names, duplicates, a lone <c>*</c>, and a default that is allowed.</summary>
internal static class PspRuntimeClassValidator
{
    public static void Validate(PspPolicy psp, List<PspError> errors)
    {
        if (!psp.HasRuntimeClass) return;
        var path = FieldPaths.Join(psp.SpecPath, "runtimeClass");
        var allowedPath = FieldPaths.Join(path, "allowedRuntimeClassNames");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < psp.AllowedRuntimeClassNames.Count; i++)
        {
            var name = psp.AllowedRuntimeClassNames[i];
            if (name.Value != PspVocabulary.All) Name(name.Value, FieldPaths.Index(allowedPath, i), name.Position, errors);
            if (!seen.Add(name.Value)) errors.Add(new PspError("runtimeClass", FieldPaths.Index(allowedPath, i), name.Position, $"{FieldPaths.Index(allowedPath, i)}: Duplicate value: \"{name.Value}\""));
        }
        var d = psp.DefaultRuntimeClassName;
        if (d.IsSet)
        {
            Name(d.Value, d.Path, d.Position, errors);
            if (!seen.Contains(d.Value) && !seen.Contains(PspVocabulary.All))
            {
                errors.Add(PspError.Required("runtimeClass", allowedPath, d.Position, $"default runtime class \"{d.Value}\" must be allowed"));
            }
        }
        if (seen.Contains(PspVocabulary.All) && psp.AllowedRuntimeClassNames.Count > 1)
        {
            errors.Add(PspError.Invalid("runtimeClass", allowedPath, psp.AllowedRuntimeClassNames[0].Position,
                psp.AllowedRuntimeClassNames.Select(n => n.Value), "if '*' is present, must not specify other RuntimeClass names"));
        }
    }

    private static void Name(string name, string path, Yaml.SourcePosition at, List<PspError> errors)
    {
        if (!PspValidator.Dns1123Subdomain().IsMatch(name) || name.Length > 253)
        {
            errors.Add(PspError.Invalid("runtimeClass", path, at, name,
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
    }
}
