namespace Stockade.Node;

/// <summary>A place in a node file: where a kubelet flag or a configuration value was written.</summary>
internal readonly record struct NodeSpot(string File, int Line, int Column);

/// <summary>Text with the place each character was read from, so a word cut from it (across a line continuation, out of a variable) still names its place.</summary>
internal sealed record SpottedText(string Text, IReadOnlyList<NodeSpot> Spots)
{
    /// <summary>The place of the character at <paramref name="index"/> (past the end: just after the last one).</summary>
    public NodeSpot SpotAt(int index, NodeSpot fallback) =>
        index < Spots.Count ? Spots[index] : Spots.Count > 0 ? Spots[^1] with { Column = Spots[^1].Column + 1 } : fallback;
}

/// <summary>A command-line word (a kubelet argv item) and where it was written.</summary>
internal sealed record SpottedWord(string Text, NodeSpot Spot);
