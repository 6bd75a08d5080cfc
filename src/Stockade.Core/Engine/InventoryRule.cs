namespace Stockade.Engine;

/// <summary>
/// A rule on everything scanned together (RBAC bindings resolved to roles, namespaces without a
/// NetworkPolicy…): checked once after every document, over the compact <see cref="Inventory"/>.
/// </summary>
public abstract class InventoryRule : Rule
{
    public abstract void Check(Inventory inventory, InventoryContext context);
}
