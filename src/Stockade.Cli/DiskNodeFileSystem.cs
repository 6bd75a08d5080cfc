using System.Runtime.InteropServices;
using Stockade.Node;

namespace Stockade.Cli;

/// <summary>
/// The node's disk under a root (<c>/</c> on the node, <c>/host</c> in kube-bench-style pods).
/// Node paths map below the root; a symlink is followed within the root (an absolute target is
/// the node's path, not the scanner's), so a pod never reads its own files for the node's.
/// Owner numbers come from statx(2), whose layout is the same on every Linux architecture.
/// <c>/proc</c> can come from elsewhere: a pod with hostPID sees the node's processes in its own
/// <c>/proc</c>, not under the mounted root.
/// </summary>
internal sealed class DiskNodeFileSystem(string root, string? proc = null) : INodeFileSystem
{
    private const int MaxLinks = 16;
    private readonly string _root = Path.GetFullPath(root);
    private readonly string _proc = Path.GetFullPath(proc ?? Path.Join(root, "proc"));

    public NodeFile? Stat(string path)
    {
        var resolved = Resolve(path);
        if (resolved == null) return null;
        var info = StatX(resolved) ?? throw new IOException($"stat failed: {Marshal.GetLastPInvokeErrorMessage()}");
        return new NodeFile(path, (info.Mode & 0xF000) == 0x4000, info.Mode & 0xFFF, (int)info.Uid, (int)info.Gid);
    }

    public IReadOnlyList<string> List(string directory)
    {
        var resolved = Resolve(directory);
        if (resolved == null || !Directory.Exists(resolved)) return [];
        var prefix = directory.TrimEnd('/');
        return Directory.EnumerateFileSystemEntries(resolved).Select(e => prefix + "/" + Path.GetFileName(e)).Order(StringComparer.Ordinal).ToList();
    }

    public string? ReadText(string path)
    {
        var resolved = Resolve(path);
        return resolved == null || Directory.Exists(resolved) ? null : File.ReadAllText(resolved);
    }

    // The host path of a node path, every symlink on the way (a folder's too: /etc/kubernetes ->
    // /srv/kubernetes) followed inside the root, one component at a time, so the host never follows
    // an absolute link into the scanner's own files; null when nothing is there.
    private string? Resolve(string nodePath)
    {
        var resolved = "";
        var remaining = new Stack<string>(nodePath.Split('/').Reverse());
        var hops = 0;
        while (remaining.TryPop(out var part))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                resolved = resolved[..Math.Max(0, resolved.LastIndexOf('/'))]; // never above the node's "/"
                continue;
            }
            var candidate = resolved + "/" + part;
            var host = HostPath(candidate);
            var info = new FileInfo(host);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinks) throw new IOException($"{nodePath}: more than {MaxLinks} symbolic links");
                foreach (var t in target.Split('/').Reverse()) remaining.Push(t);
                if (target.StartsWith('/')) resolved = "";
                continue;
            }
            if (!info.Exists && !Directory.Exists(host)) return null;
            resolved = candidate;
        }
        return HostPath(resolved.Length == 0 ? "/" : resolved);
    }

    private string HostPath(string nodePath) => nodePath == "/proc" || nodePath.StartsWith("/proc/", StringComparison.Ordinal)
        ? Path.Join(_proc, nodePath["/proc".Length..].TrimStart('/'))
        : Path.Join(_root, nodePath.TrimStart('/'));

    private readonly record struct StatResult(int Mode, uint Uid, uint Gid);

    private static StatResult? StatX(string path)
    {
        // struct statx: stx_uid at 20, stx_gid at 24, stx_mode (u16) at 28; 256 bytes in all.
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0) return null;
        return new StatResult(BitConverter.ToUInt16(buffer, 28), BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt32(buffer, 24));
    }

    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)] // Ansi is UTF-8 on Linux
    private static extern int statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
