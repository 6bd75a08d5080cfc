namespace Stockade.Engine;

/// <summary>
/// A rule on everything scanned together (RBAC bindings resolved to roles, namespaces without a
/// NetworkPolicy…): checked once after every document, over the compact <see cref="Inventory"/>.
/// </summary>
internal abstract class InventoryRule : Rule
{
    public abstract void Check(Inventory inventory, InventoryContext context);

    /// <summary>
    /// The kinds whose entries the rule reads, or null for every kind. A scan keeps an entry per
    /// object until the end, so entries no enabled rule reads are not kept: the memory of a long
    /// stream follows the objects that matter.
    /// </summary>
    public virtual IReadOnlySet<string>? Kinds => null;
}
