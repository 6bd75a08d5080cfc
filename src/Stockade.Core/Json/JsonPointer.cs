namespace Stockade.Json;

/// <summary>
/// RFC 6901 reference tokens: a key as one segment of a JSON pointer, and back. Annotation keys
/// hold <c>/</c> (<c>kubernetes.io/psp</c>), so every pointer a patch or a change writes goes
/// through here. The order of the replacements is the RFC's: <c>~</c> is escaped first and
/// <c>~1</c> unescaped first, so a key holding <c>~1</c> itself (<c>~01</c>) round-trips.
/// </summary>
internal static class JsonPointer
{
    /// <summary>A key as a pointer segment: <c>~</c> becomes <c>~0</c>, <c>/</c> becomes <c>~1</c>.</summary>
    public static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");

    /// <summary>A pointer segment as the key it names.</summary>
    public static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}
