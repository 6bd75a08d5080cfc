using System.Text.Json.Nodes;

namespace Stockade.Psp;

/// <summary>
/// <c>allowedCapabilities</c>, <c>defaultAddCapabilities</c>, <c>requiredDropCapabilities</c>: an added
/// capability must be a default add or allowed (<c>*</c> allows all); every required drop must be in
/// the container's drop list. Names are compared exactly (no case folding, no <c>CAP_</c> stripping),
/// as the admission plugin compared them. Defaulting adds the default adds (unless the container
/// drops them) and the required drops, sorted.
/// </summary>
public static class PspCapabilityStrategy
{
    public static void Validate(PspPolicy psp, PspContainer c, List<PspError> errors)
    {
        var path = c.ScPath + ".capabilities";
        if (c.Capabilities is not { } caps)
        {
            if (psp.DefaultAddCapabilities.Count == 0 && psp.RequiredDropCapabilities.Count == 0) return;
            errors.Add(PspError.Invalid("requiredDropCapabilities", path, c.ScPosition, null, "required capabilities are not set on the securityContext", c.Name));
            return;
        }
        if (psp.AllowedCapabilities.Any(a => a.Value == PspVocabulary.All)) return;
        foreach (var add in caps.Add)
        {
            if (!psp.DefaultAddCapabilities.Any(d => d.Value == add.Value) && !psp.AllowedCapabilities.Any(a => a.Value == add.Value))
            {
                errors.Add(PspError.Invalid("allowedCapabilities", caps.Path + ".add", add.Position, add.Value, "capability may not be added", c.Name));
            }
        }
        foreach (var required in psp.RequiredDropCapabilities)
        {
            if (!caps.Drop.Any(d => d.Value == required.Value))
            {
                errors.Add(PspError.Invalid("requiredDropCapabilities", caps.Path + ".drop", caps.Drop.Count > 0 ? caps.Drop[0].Position : caps.Position,
                    caps.Drop.Select(d => d.Value), $"{required.Value} is required to be dropped but was not found", c.Name));
            }
        }
    }

    public static void Default(PspPolicy psp, PspContainer c, PspChanges changes)
    {
        var containerAdd = new SortedSet<string>(c.Capabilities?.Add.Select(a => a.Value) ?? [], StringComparer.Ordinal);
        var containerDrop = new SortedSet<string>(c.Capabilities?.Drop.Select(a => a.Value) ?? [], StringComparer.Ordinal);
        var add = new SortedSet<string>(psp.DefaultAddCapabilities.Select(a => a.Value).Where(a => !containerDrop.Contains(a)), StringComparer.Ordinal);
        add.UnionWith(containerAdd);
        var drop = new SortedSet<string>(psp.RequiredDropCapabilities.Select(d => d.Value), StringComparer.Ordinal);
        drop.UnionWith(containerDrop);
        if (add.Count == containerAdd.Count && drop.Count == containerDrop.Count) return;
        var at = c.Capabilities?.Position ?? c.ScPosition;
        var path = c.ScPath + ".capabilities";
        c.Capabilities = new PspCapabilities(
            add.Select((a, i) => new Val<string>(a, at, $"{path}.add[{i}]")).ToList(),
            drop.Select((d, i) => new Val<string>(d, at, $"{path}.drop[{i}]")).ToList(), at, path);
        var node = new JsonObject();
        if (add.Count > 0) node["add"] = new JsonArray(add.Select(a => (JsonNode)JsonValue.Create(a)).ToArray());
        if (drop.Count > 0) node["drop"] = new JsonArray(drop.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        changes.Set(c.Pointer + "/securityContext/capabilities", node,
            $"container \"{c.Name}\": capabilities add=[{string.Join(",", add)}] drop=[{string.Join(",", drop)}]");
    }
}
