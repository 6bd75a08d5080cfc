using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>Reads inputs into objects, for a host that lists a few kinds on their own before a scan.</summary>
internal static class KubeObjects
{
    /// <summary>
    /// Every object of the inputs. Reading errors are left out: the host reads these objects again
    /// in its scan proper, which reports them (a live audit lists Namespaces, ServiceAccounts and
    /// LimitRanges first, then audits them with the rest).
    /// </summary>
    public static List<KubeObject> Read(IEnumerable<ScanInput> inputs, ParseLimits limits)
    {
        var objects = new List<KubeObject>();
        foreach (var input in inputs)
        {
            using var stream = input.Open();
            foreach (var raw in DocumentSplitter.Split(stream, input.Name, limits, listItemsApart: true))
            {
                foreach (var doc in raw.Parse(limits)) objects.AddRange(ObjectReader.Read(doc, new List<ReadNote>()));
            }
        }
        return objects;
    }
}
