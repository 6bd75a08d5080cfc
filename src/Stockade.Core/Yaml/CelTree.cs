using System.Runtime.CompilerServices;
using Stockade.Cel.Values;

namespace Stockade.Yaml;

/// <summary>
/// The CEL value of a YAML subtree (untyped, as the admission path's dyn): a view over the tree
/// itself, scalars typed as the API server reads them (<see cref="TreeJson"/>'s rules), each node's
/// value made the first time an expression reaches it and kept. Made once per object however many
/// custom rules and ValidatingAdmissionPolicies read it; copying the tree first (to JSON, then to
/// CEL) was most of what evaluating an expression over an object cost.
/// </summary>
internal static class CelTree
{
    private static readonly ConditionalWeakTable<YNode, object> Values = new();

    public static object ValueOf(YNode node) => Values.GetValue(node, Of);

    /// <summary>The value of <paramref name="node"/>, not shared with other readers of the same node.</summary>
    internal static object Of(YNode node) => node switch
    {
        YMapping m => new YMappingValue(m),
        YSequence s => new YSequenceValue(s),
        YScalar s => Scalar(s),
        _ => CelNull.Value,
    };

    // As TreeJson types it: an integral float below 1e15 is an int (sigs.k8s.io/yaml's JSON
    // round trip gives the API server an int64 there); an int out of range and a non-finite
    // float stay strings.
    private static object Scalar(YScalar s) => s.Kind switch
    {
        ScalarKind.Null => CelNull.Value,
        ScalarKind.Bool => CelBool.Of(s.BoolValue),
        ScalarKind.Int when !s.IntOutOfRange => (object)s.IntValue,
        ScalarKind.Float when double.IsFinite(s.FloatValue) =>
            Math.Floor(s.FloatValue) == s.FloatValue && Math.Abs(s.FloatValue) < 1e15 ? (object)(long)s.FloatValue : s.FloatValue,
        _ => s.Text,
    };

    /// <summary>A mapping as a CEL map with string keys, in document order.</summary>
    private sealed class YMappingValue(YMapping mapping) : CelMap
    {
        private object?[]? _values;

        public override int Count => mapping.Count;

        public override bool TryGet(object key, out object value)
        {
            if (key is string s && mapping.IndexOf(s) is var i and >= 0)
            {
                _values ??= new object?[mapping.Count];
                value = _values[i] ??= Of(mapping.Entries[i].Value);
                return true;
            }
            value = null!;
            return false;
        }

        public override IEnumerable<object> Keys
        {
            get
            {
                foreach (var e in mapping.Entries) yield return e.Key;
            }
        }
    }

    /// <summary>A sequence as a CEL list.</summary>
    private sealed class YSequenceValue(YSequence sequence) : IReadOnlyList<object>
    {
        private object?[]? _values;

        public int Count => sequence.Items.Count;

        public object this[int index]
        {
            get
            {
                _values ??= new object?[sequence.Items.Count];
                return _values[index] ??= Of(sequence.Items[index]);
            }
        }

        public IEnumerator<object> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
