using Stockade.Cel.Runtime;
using Stockade.Cel.Values;

namespace Stockade.Cel.Syntax;

internal enum TwoVarKind { All, Exists, ExistsOne, TransformList, TransformMap, TransformMapEntry }

/// <summary>
/// cel-go's two-variable comprehensions (ext.TwoVarComprehensions, Kubernetes 1.32+): over a list
/// the variables are the index and the element, over a map the key and the value. all/exists absorb
/// errors as their one-variable forms do; the transforms take an optional filter before the body.
/// </summary>
internal sealed class TwoVarComprehensionNode(int offset, TwoVarKind kind, string name, Node range, int first, int second, Node? filter, Node body)
    : Node(offset)
{
    public TwoVarKind Kind { get; } = kind;
    public Node Range { get; } = range;
    public int First { get; } = first;
    public int Second { get; } = second;
    public Node? Filter { get; } = filter;
    public Node Body { get; } = body;

    public override object Eval(Activation a)
    {
        var r = Range.Eval(a);
        IEnumerable<(object, object)> items = r switch
        {
            IReadOnlyList<object> l => l.Select((v, i) => ((object)(long)i, v)),
            CelMap m => m.Keys.Select(k => (k, m.TryGet(k, out var v) ? v : throw Errors.NoSuchKey(k))),
            _ => throw Errors.NoOverload(name, r),
        };
        CelEvalException? error = null;
        var count = 0;
        var list = Kind == TwoVarKind.TransformList ? new List<object>() : null;
        var map = Kind is TwoVarKind.TransformMap or TwoVarKind.TransformMapEntry ? new DictMap() : null;
        foreach (var (k, v) in items)
        {
            a.Charge();
            a.Locals[First] = k;
            a.Locals[Second] = v;
            switch (Kind)
            {
                case TwoVarKind.All or TwoVarKind.Exists:
                    if (Quantifier.Decides(Body, a, Kind == TwoVarKind.All, ref error) is { } decided) return decided;
                    break;
                case TwoVarKind.ExistsOne:
                    if (Truth(Body, a)) count++;
                    break;
                default:
                    if (Filter != null && !Truth(Filter, a)) break;
                    var value = Body.Eval(a);
                    if (list != null) list.Add(value);
                    else if (Kind == TwoVarKind.TransformMap) map!.TryAdd(k, value);
                    else Merge(map!, value);
                    break;
            }
        }
        if (error != null) throw error;
        return Kind switch
        {
            TwoVarKind.All => CelBool.True,
            TwoVarKind.Exists => CelBool.False,
            TwoVarKind.ExistsOne => CelBool.Of(count == 1),
            TwoVarKind.TransformList => list!,
            _ => map!,
        };
    }

    private bool Truth(Node n, Activation a)
    {
        var v = n.Eval(a);
        return v is bool b ? b : throw Errors.NoOverload(name, v);
    }

    // transformMapEntry: each body is a map of entries to add; a key produced twice is an error (cel-go).
    private void Merge(DictMap into, object entries)
    {
        if (entries is not CelMap m) throw Errors.NoOverload(name, entries);
        foreach (var key in m.Keys)
        {
            m.TryGet(key, out var value);
            if (!into.TryAdd(key, value)) throw new CelEvalException($"insert failed: key {key} already exists");
        }
    }
}
