namespace Stockade.Psp;

/// <summary>
/// Validates the capability lists of a policy. Capability names are compared exactly, case and
/// <c>CAP_</c> prefix included, as the API server compared them.
/// </summary>
internal static class PspCapabilitiesValidator
{
    public static void Validate(PspPolicy psp, List<PspError> errors)
    {
        if (psp.RequiredDropCapabilities.Count > 0 && psp.AllowedCapabilities.Any(c => c.Value == PspVocabulary.All))
        {
            // Upstream builds this path without the spec prefix.
            errors.Add(PspError.Invalid("requiredDropCapabilities", "requiredDropCapabilities", psp.RequiredDropCapabilities[0].Position,
                new GoSyntax("[]core.Capability{" + string.Join(", ", psp.RequiredDropCapabilities.Select(c => $"\"{c.Value}\"")) + "}"), "must be empty when all capabilities are allowed by a wildcard"));
        }
        AgainstDrops(psp, psp.DefaultAddCapabilities, "defaultAddCapabilities", errors);
        AgainstDrops(psp, psp.AllowedCapabilities, "allowedCapabilities", errors);
    }

    private static void AgainstDrops(PspPolicy psp, IReadOnlyList<Kube.Field<string>> caps, string name, List<PspError> errors)
    {
        foreach (var cap in caps)
        {
            if (psp.RequiredDropCapabilities.Any(d => d.Value == cap.Value))
            {
                errors.Add(PspError.Invalid(name, name, cap.Position, cap.Value, $"capability is listed in {name} and requiredDropCapabilities"));
            }
        }
    }
}
