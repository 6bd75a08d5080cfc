using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>
/// A quick first pass over the inputs that keeps the few objects a profile needs before the scan
/// proper (Namespaces for their Pod Security labels, PodSecurityPolicies for the policy set).
/// Only documents whose text can spell one of the wanted kinds are parsed; reading errors are
/// left to the main pass, which reports them.
/// </summary>
public static class ObjectPrepass
{
    public static List<KubeObject> Collect(IEnumerable<ScanInput> inputs, ParseLimits limits, IReadOnlyList<string> kinds)
    {
        var found = new List<KubeObject>();
        foreach (var input in inputs)
        {
            try
            {
                using var stream = input.Open();
                foreach (var raw in DocumentSplitter.Split(stream, input.Name, limits))
                {
                    if (!MayHold(raw, kinds)) continue;
                    foreach (var doc in raw.Parse(limits))
                    {
                        foreach (var obj in ObjectReader.Read(doc, new List<ReadNote>()))
                        {
                            if (kinds.Contains(obj.Kind)) found.Add(obj);
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Reported by the main pass.
            }
        }
        return found;
    }

    // A YAML document can only name a kind in plain text, or through an escape sequence in a
    // double-quoted scalar; JSON is cheap to parse whole.
    private static bool MayHold(RawDocument raw, IReadOnlyList<string> kinds) =>
        raw.JsonBytes != null || raw.Text == null || raw.Text.Contains('\\') || kinds.Any(k => raw.Text.Contains(k, StringComparison.Ordinal));
}
