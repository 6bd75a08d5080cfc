using Stockade.Engine;

namespace Stockade.Cli;

/// <summary>
/// An input read whole, for the commands that rewrite what they read (<c>fix</c>, <c>mutate</c>):
/// a file that vanished or may not be read between listing and reading is an error on stderr
/// (exit 2), never a crash, and the other inputs are still processed.
/// </summary>
internal static class InputBytes
{
    /// <summary>The input's bytes, or null after writing why it could not be read.</summary>
    public static byte[]? Read(ScanInput input, TextWriter stderr)
    {
        try
        {
            using var s = input.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"stockade: {input.Name}: {e.Message}");
            return null;
        }
    }
}
