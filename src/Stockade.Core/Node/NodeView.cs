using System.Text.RegularExpressions;

namespace Stockade.Node;

/// <summary>
/// What the node rules read: the node's files, its accounts, its running programs, and the paths
/// the programs were told to use (a flag on the running program, else kubeadm's default), so a
/// rule checks the file the component really reads.
/// </summary>
public sealed partial class NodeView
{
    public NodeView(INodeFileSystem files)
    {
        Files = files;
        Accounts = NodeAccounts.Read(files);
        Processes = NodeProcess.List(files);
    }

    public INodeFileSystem Files { get; }
    public NodeAccounts Accounts { get; }
    public IReadOnlyList<NodeProcess> Processes { get; }

    /// <summary>The running processes of a program (e.g. <c>kubelet</c>), in pid order.</summary>
    public IEnumerable<NodeProcess> Running(string program) => Processes.Where(p => p.Program == program);

    /// <summary>The flag's values on every running process of the program, or the default when none runs or none sets it.</summary>
    public IReadOnlyList<string> FlagOrDefault(string program, string flag, string? fallback)
    {
        var values = Running(program).Select(p => p.Flag(flag)).OfType<string>().Distinct().ToList();
        return values.Count > 0 ? values : fallback == null ? [] : [fallback];
    }

    /// <summary>The kubelet's configuration file: its <c>--config</c>, else kubeadm's.</summary>
    public IReadOnlyList<string> KubeletConfigPaths => FlagOrDefault("kubelet", "config", "/var/lib/kubelet/config.yaml");

    /// <summary>
    /// The kubelet's client CA: <c>--client-ca-file</c>, else the configuration file's
    /// <c>authentication.x509.clientCAFile</c>, else kubeadm's <c>/etc/kubernetes/pki/ca.crt</c>.
    /// </summary>
    public IReadOnlyList<string> KubeletClientCaPaths()
    {
        var flags = FlagOrDefault("kubelet", "client-ca-file", null);
        if (flags.Count > 0) return flags;
        var fromConfig = new List<string>();
        foreach (var path in KubeletConfigPaths)
        {
            string? text;
            try
            {
                text = Files.ReadText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the kubelet-config rule reports the unreadable file
            }
            if (text != null && ClientCaFile().Match(text) is { Success: true } m) fromConfig.Add(m.Groups[1].Value);
        }
        return fromConfig.Count > 0 ? fromConfig.Distinct().ToList() : ["/etc/kubernetes/pki/ca.crt"];
    }

    [GeneratedRegex("""^\s+clientCAFile:\s*["']?([^"'\s#]+)""", RegexOptions.Multiline)]
    private static partial Regex ClientCaFile();

    /// <summary>Every file under a directory, depth first, sorted (the directory itself excluded).</summary>
    public IEnumerable<string> FilesUnder(string directory, bool withDirectories = false)
    {
        foreach (var entry in Files.List(directory))
        {
            var stat = Files.Stat(entry);
            if (stat is { IsDirectory: true })
            {
                if (withDirectories) yield return entry;
                foreach (var inner in FilesUnder(entry, withDirectories)) yield return inner;
            }
            else if (stat != null) yield return entry;
        }
    }
}
