namespace Stockade.Node;

/// <summary>What the node's disk says about one path: its type, permission bits and owner numbers.</summary>
/// <param name="Path">The node path, e.g. <c>/etc/kubernetes/admin.conf</c> (not the host's mount point).</param>
/// <param name="IsDirectory">True for a directory (after following a symlink).</param>
/// <param name="Mode">The permission bits (<c>0o7777</c>), of the file a symlink points to.</param>
/// <param name="Uid">The owner's user number (names come from the node's /etc/passwd: <see cref="NodeAccounts"/>).</param>
/// <param name="Gid">The owner's group number.</param>
internal sealed record NodeFile(string Path, bool IsDirectory, int Mode, int Uid, int Gid);

/// <summary>
/// A node's file system as the host reads it (the real disk, or a root such as <c>/host</c> where
/// a pod mounts it): the core never touches the disk itself. Paths are node paths starting with
/// <c>/</c>. A path that cannot be read (as opposed to one that does not exist) throws
/// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>, and the scan reports it as an error.
/// </summary>
internal interface INodeFileSystem
{
    /// <summary>The file or directory, or null when nothing is at the path.</summary>
    NodeFile? Stat(string path);

    /// <summary>The node paths of a directory's entries, sorted; empty when the directory does not exist.</summary>
    IReadOnlyList<string> List(string directory);

    /// <summary>A file's text (for <c>/proc/PID/cmdline</c>, NUL-separated), or null when it does not exist.</summary>
    string? ReadText(string path);
}

/// <summary>A node path that could not be read, named as the node names it (not as the host mounts it).</summary>
internal sealed class NodeReadException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    public string NodePath { get; } = path;
}
