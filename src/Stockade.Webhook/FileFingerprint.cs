using System.Security.Cryptography;

namespace Stockade.Webhook;

/// <summary>
/// A hash of the contents of a set of files. Polling contents (not timestamps or inotify) is what
/// survives Kubernetes' Secret and ConfigMap updates, which swap a symlinked directory atomically.
/// </summary>
internal static class FileFingerprint
{
    public static string Of(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(f + "\0"));
            try
            {
                hash.AppendData(File.ReadAllBytes(f));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                hash.AppendData("\0missing\0"u8);
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
