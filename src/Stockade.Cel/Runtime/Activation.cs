namespace Stockade.Cel.Runtime;

/// <summary>One evaluation's state: the variables, the comprehension slots, and the cost spent.</summary>
internal sealed class Activation(IReadOnlyDictionary<string, object> variables, int slots, long costLimit)
{
    public readonly IReadOnlyDictionary<string, object> Variables = variables;
    public readonly object[] Locals = new object[slots];
    private long _cost;

    /// <summary>Charges <paramref name="units"/>; past the limit the evaluation stops with a clear error.</summary>
    public void Charge(long units = 1)
    {
        _cost += units;
        if (_cost > costLimit) throw new CelCostLimitException(costLimit);
    }

    public long Cost => _cost;
}
