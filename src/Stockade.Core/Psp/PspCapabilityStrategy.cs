using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// <c>allowedCapabilities</c>, <c>defaultAddCapabilities</c>, <c>requiredDropCapabilities</c>: an added
/// capability must be a default add or allowed (<c>*</c> allows all); every required drop must be in
/// the container's drop list. Names are compared exactly (no case folding, no <c>CAP_</c> stripping),
/// as the admission plugin compared them. Defaulting adds the default adds (unless the container
/// drops them) and the required drops, sorted.
/// </summary>
internal static class PspCapabilityStrategy
{
    public static void Validate(PspPolicy psp, ContainerModel c, List<PspError> errors)
    {
        if (c.SecurityContext?.Capabilities is not { } caps)
        {
            if (psp.DefaultAddCapabilities.Count == 0 && psp.RequiredDropCapabilities.Count == 0) return;
            var sc = c.SecurityContext ?? SecurityContextModel.Absent(c.Path, c.Position);
            errors.Add(PspError.Invalid("requiredDropCapabilities", sc.Path + ".capabilities", sc.Position, null, "required capabilities are not set on the securityContext", c.PspName()));
            return;
        }
        if (psp.AllowedCapabilities.Any(a => a.Value == PspVocabulary.All)) return;
        foreach (var add in caps.Add)
        {
            if (!psp.DefaultAddCapabilities.Any(d => d.Value == add.Value) && !psp.AllowedCapabilities.Any(a => a.Value == add.Value))
            {
                errors.Add(PspError.Invalid("allowedCapabilities", caps.Path + ".add", add.Position, add.Value, "capability may not be added", c.PspName()));
            }
        }
        foreach (var required in psp.RequiredDropCapabilities)
        {
            if (!caps.Drop.Any(d => d.Value == required.Value))
            {
                errors.Add(PspError.Invalid("requiredDropCapabilities", caps.Path + ".drop", caps.Drop.Count > 0 ? caps.Drop[0].Position : caps.Position,
                    caps.Drop.Select(d => d.Value), $"{required.Value} is required to be dropped but was not found", c.PspName()));
            }
        }
    }

    public static ContainerModel Default(PspPolicy psp, ContainerModel c, PspChanges changes)
    {
        var caps = c.SecurityContext?.Capabilities;
        var containerAdd = new SortedSet<string>(caps?.Add.Select(a => a.Value) ?? [], StringComparer.Ordinal);
        var containerDrop = new SortedSet<string>(caps?.Drop.Select(a => a.Value) ?? [], StringComparer.Ordinal);
        var add = new SortedSet<string>(psp.DefaultAddCapabilities.Select(a => a.Value).Where(a => !containerDrop.Contains(a)), StringComparer.Ordinal);
        add.UnionWith(containerAdd);
        var drop = new SortedSet<string>(psp.RequiredDropCapabilities.Select(d => d.Value), StringComparer.Ordinal);
        drop.UnionWith(containerDrop);
        if (add.Count == containerAdd.Count && drop.Count == containerDrop.Count) return c;
        var node = new JsonObject();
        if (add.Count > 0) node["add"] = new JsonArray(add.Select(a => (JsonNode)JsonValue.Create(a)).ToArray());
        if (drop.Count > 0) node["drop"] = new JsonArray(drop.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        changes.Set(PspChanges.PointerOf(c.Path) + "/securityContext/capabilities", node,
            $"container \"{c.PspName()}\": capabilities add=[{string.Join(",", add)}] drop=[{string.Join(",", drop)}]");
        return c.WithSecurityContext(sc =>
        {
            var at = caps?.Position ?? sc.Position;
            var path = sc.Path + ".capabilities";
            return sc with
            {
                Capabilities = new CapabilitiesModel
                {
                    Path = path,
                    Position = at,
                    Add = [.. add.Select((a, i) => PspPodFields.Defaulted(a, at, path + ".add", $"[{i}]"))],
                    Drop = [.. drop.Select((d, i) => PspPodFields.Defaulted(d, at, path + ".drop", $"[{i}]"))],
                },
            };
        });
    }
}
