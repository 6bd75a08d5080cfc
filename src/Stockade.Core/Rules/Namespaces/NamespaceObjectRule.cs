using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>A rule that every judged namespace holds at least one object of a kind, whatever its content.</summary>
internal abstract class NamespaceObjectRule : InventoryRule
{
    /// <summary>The kind each namespace needs, as it is spelled in the object's <c>kind</c>.</summary>
    protected abstract string Kind { get; }

    public sealed override void Check(Inventory inventory, InventoryContext context)
    {
        foreach (var ns in JudgedNamespaces.Of(inventory).Where(ns => !ns.Has(Kind)))
        {
            context.Report(ns.Anchor, $"{ns.Display} has no {Kind} among the scanned objects");
        }
    }
}
