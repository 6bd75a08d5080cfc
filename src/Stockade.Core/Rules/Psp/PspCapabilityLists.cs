using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>The capabilities a policy lets pods add: those they may ask for and those it adds itself.</summary>
internal static class PspCapabilityLists
{
    public static IEnumerable<(Field<string> Entry, string Name, string List)> Added(PspPolicy policy) =>
        policy.AllowedCapabilities.Select(c => (c, Capabilities.Normalize(c.Value), "allowedCapabilities"))
            .Concat(policy.DefaultAddCapabilities.Select(c => (c, Capabilities.Normalize(c.Value), "defaultAddCapabilities")));
}
