namespace Stockade.Node;

/// <summary>A running program as <c>/proc/PID/cmdline</c> gives it: its argv, and where each item starts in the file.</summary>
internal sealed record NodeProcess(int Pid, IReadOnlyList<string> Argv, IReadOnlyList<int> Columns)
{
    public string CmdlinePath => $"/proc/{Pid}/cmdline";

    /// <summary>The program's name: the base name of argv[0].</summary>
    public string Program => Argv.Count == 0 ? "" : Argv[0][(Argv[0].LastIndexOf('/') + 1)..];

    /// <summary>The value of <c>--name=value</c> or <c>--name value</c> (last one wins), or null.</summary>
    public string? Flag(string name) => FlagOf(Argv, name);

    /// <summary>The value of <c>--name=value</c> or <c>--name value</c> in an argv (last one wins), or null.</summary>
    public static string? FlagOf(IReadOnlyList<string> argv, string name)
    {
        string? value = null;
        for (var i = 1; i < argv.Count; i++)
        {
            var a = argv[i].TrimStart('-');
            if (a.Length == argv[i].Length) continue;
            if (a.StartsWith(name + "=", StringComparison.Ordinal)) value = a[(name.Length + 1)..];
            else if (a == name && i + 1 < argv.Count) value = argv[i + 1];
        }
        return value;
    }

    /// <summary>The processes of <c>/proc</c> (numeric entries), without kernel threads (empty cmdline).</summary>
    /// <param name="fs">The node's files; <c>/proc</c> among them.</param>
    /// <param name="unreadable">Receives the cmdline paths that exist but may not be read (as /proc mounted with hidepid=1
    /// shows other users' processes): a component among them would go unchecked, so the scan reports them.</param>
    public static IReadOnlyList<NodeProcess> List(INodeFileSystem fs, List<string> unreadable)
    {
        var found = new List<NodeProcess>();
        foreach (var dir in fs.List("/proc"))
        {
            if (!int.TryParse(dir[(dir.LastIndexOf('/') + 1)..], out var pid)) continue;
            string? text;
            try
            {
                text = fs.ReadText(dir + "/cmdline");
            }
            catch (UnauthorizedAccessException)
            {
                unreadable.Add(dir + "/cmdline");
                continue;
            }
            catch (IOException)
            {
                continue; // a process that exited between the listing and the read
            }
            if (string.IsNullOrEmpty(text)) continue;
            found.Add(Parse(pid, text));
        }
        return found.OrderBy(p => p.Pid).ToList();
    }

    /// <summary>argv from the NUL-separated text; the NUL that ends the last item starts no empty one.</summary>
    public static NodeProcess Parse(int pid, string cmdline)
    {
        var items = cmdline.Split('\0');
        var count = cmdline.EndsWith('\0') ? items.Length - 1 : items.Length;
        var argv = new List<string>(count);
        var columns = new List<int>(count);
        var column = 1;
        for (var i = 0; i < count; i++)
        {
            argv.Add(items[i]);
            columns.Add(column);
            column += items[i].Length + 1;
        }
        return new NodeProcess(pid, argv, columns);
    }
}
