using Stockade.Yaml;

namespace Stockade.Node;

/// <summary>
/// What the node rules read: the node's files, its accounts, its running programs, and the paths
/// the programs were told to use (a flag on the running program, else kubeadm's default), so a
/// rule checks the file the component really reads.
/// </summary>
internal sealed class NodeView
{
    public NodeView(INodeFileSystem files)
    {
        Files = files;
        Accounts = NodeAccounts.Read(files);
        Processes = NodeProcess.List(files, _unreadableProcesses);
        Kubelets = Running("kubelet").Select(KubeletCommandLine.Of).ToList();
        if (Kubelets.Count > 0) return;
        try
        {
            if (KubeletUnit.Read(files) is { } unit) Kubelets = [unit];
        }
        catch (NodeReadException e)
        {
            KubeletUnitError = e;
        }
    }

    private readonly List<string> _unreadableProcesses = new();

    /// <summary>The <c>/proc/PID/cmdline</c> files that exist but could not be read.</summary>
    public IReadOnlyList<string> UnreadableProcesses => _unreadableProcesses;

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

    /// <summary>
    /// The kubelet's command lines: every running kubelet's argv, else the command systemd's
    /// <c>kubelet.service</c> would start (<see cref="KubeletUnit"/>); empty when neither is found.
    /// </summary>
    public IReadOnlyList<KubeletCommandLine> Kubelets { get; }

    /// <summary>Why the kubelet's systemd unit could not be read (none running), or null.</summary>
    public NodeReadException? KubeletUnitError { get; }

    /// <summary>
    /// The kubelet's configuration files: each kubelet's <c>--config</c> (none for a kubelet run without one),
    /// else — no kubelet found, or its unit unreadable — kubeadm's.
    /// </summary>
    public IReadOnlyList<string> KubeletConfigPaths => Kubelets.Count > 0
        ? Kubelets.Select(k => k.Flag("config")).OfType<string>().Distinct().ToList()
        : ["/var/lib/kubelet/config.yaml"];

    /// <summary>
    /// The kubelet's client CA: <c>--client-ca-file</c>, else the configuration file's
    /// <c>authentication.x509.clientCAFile</c>, else kubeadm's <c>/etc/kubernetes/pki/ca.crt</c>.
    /// </summary>
    public IReadOnlyList<string> KubeletClientCaPaths()
    {
        var flags = Kubelets.Select(k => k.Flag("client-ca-file")).OfType<string>().Distinct().ToList();
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
            if (text != null && ClientCaFile(text, path) is { } ca) fromConfig.Add(ca);
        }
        return fromConfig.Count > 0 ? fromConfig.Distinct().ToList() : ["/etc/kubernetes/pki/ca.crt"];
    }

    // authentication.x509.clientCAFile as the YAML parser reads it (block, flow or JSON alike), or null.
    private static string? ClientCaFile(string text, string path) =>
        YamlTreeBuilder.Parse(text, path, 0, 1, ParseLimits.Default).Root is YMapping root
        && root["authentication"] is YMapping authentication && authentication["x509"] is YMapping x509
        && x509["clientCAFile"] is YScalar { Text.Length: > 0 } ca ? ca.Text : null;

    // Deeper than any node's configuration goes: a folder linked to its own parent ends here, not in a stack overflow.
    private const int MaxDepth = 32;

    /// <summary>Every file under a directory, depth first, sorted (the directory itself excluded).</summary>
    /// <exception cref="NodeReadException">A folder or entry that cannot be read, or folders nested past <see cref="MaxDepth"/>.</exception>
    public IEnumerable<string> FilesUnder(string directory, bool withDirectories = false) => FilesUnder(directory, withDirectories, 0);

    private IEnumerable<string> FilesUnder(string directory, bool withDirectories, int depth)
    {
        if (depth > MaxDepth) throw new NodeReadException(directory, $"more than {MaxDepth} folders deep (a symbolic link loop?)");
        foreach (var entry in Read(directory, () => Files.List(directory)))
        {
            var stat = Read(entry, () => Files.Stat(entry));
            if (stat is { IsDirectory: true })
            {
                if (withDirectories) yield return entry;
                foreach (var inner in FilesUnder(entry, withDirectories, depth + 1)) yield return inner;
            }
            else if (stat != null) yield return entry;
        }
    }

    // The host's exception names the host's path (/host/etc/…): the error names the node's.
    internal static T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not NodeReadException)
        {
            throw new NodeReadException(path, e.Message, e);
        }
    }
}
