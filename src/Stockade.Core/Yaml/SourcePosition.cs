namespace Stockade.Yaml;

/// <summary>A 1-based line and column in a source file.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>The position used when nothing more precise is known.</summary>
    public static readonly SourcePosition Unknown = new(0, 0);

    public override string ToString() => $"{Line}:{Column}";
}
