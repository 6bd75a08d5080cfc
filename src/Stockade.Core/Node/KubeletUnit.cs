using System.Text;

namespace Stockade.Node;

/// <summary>
/// The kubelet's command as systemd would start it (systemd.unit(5), systemd.service(5),
/// systemd.exec(5)): <c>kubelet.service</c> from the first unit folder that has it, its drop-ins
/// from every folder sorted by file name (a name in /etc hiding the same name in /run, /usr/lib
/// and /lib), then <c>Environment=</c>, <c>EnvironmentFile=</c> (kubeadm's <c>kubeadm-flags.env</c>,
/// <c>/etc/default/kubelet</c>) and the last <c>ExecStart=</c> with its variables expanded.
/// </summary>
internal static class KubeletUnit
{
    private static readonly string[] Folders = ["/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

    /// <summary>The unit's command line, or null when the node has no kubelet unit (or one without <c>ExecStart=</c>).</summary>
    /// <exception cref="NodeReadException">A unit file, drop-in or required environment file that cannot be read.</exception>
    public static KubeletCommandLine? Read(INodeFileSystem fs)
    {
        var files = new List<string>();
        if (Folders.Select(f => f + "/kubelet.service").FirstOrDefault(p => NodeView.Read(p, () => fs.Stat(p)) is { IsDirectory: false }) is { } unit)
            files.Add(unit);
        var dropIns = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Folders)
        {
            var dir = folder + "/kubelet.service.d";
            foreach (var path in NodeView.Read(dir, () => fs.List(dir)).Where(p => p.EndsWith(".conf", StringComparison.Ordinal)))
                dropIns.TryAdd(path[(path.LastIndexOf('/') + 1)..], path); // the folder listed first wins
        }
        files.AddRange(dropIns.Values);
        if (files.Count == 0) return null;

        var environment = new List<(string Name, SpottedText Value)>();
        var environmentFiles = new List<SpottedText>();
        (SpottedText Command, string File)? exec = null;
        foreach (var file in files)
        {
            var text = NodeView.Read(file, () => fs.ReadText(file)) ?? throw new NodeReadException(file, "listed, then gone");
            foreach (var a in SystemdSyntax.Assignments(file, text).Where(a => a.Section == "Service"))
            {
                var empty = a.Value.Text.Length == 0;
                switch (a.Key)
                {
                    case "Environment" when empty: environment.Clear(); break;
                    case "Environment": environment.AddRange(SystemdSyntax.EnvironmentAssignments(a.Value)); break;
                    case "EnvironmentFile" when empty: environmentFiles.Clear(); break;
                    case "EnvironmentFile": environmentFiles.Add(a.Value); break;
                    case "ExecStart" when empty: exec = null; break; // an empty ExecStart= drops the commands before it
                    case "ExecStart": exec = (a.Value, file); break; // a service of Type=simple runs one: the last
                }
            }
        }
        if (exec is not { } start) return null;

        // Environment files override Environment= (systemd.exec(5)); within each, a later assignment wins.
        var vars = new Dictionary<string, SpottedText>(StringComparer.Ordinal);
        foreach (var (name, value) in environment) vars[name] = value;
        foreach (var entry in environmentFiles)
        {
            var optional = entry.Text.StartsWith('-');
            var path = optional ? entry.Text[1..].Trim() : entry.Text;
            var text = NodeView.Read(path, () => fs.ReadText(path));
            if (text == null)
            {
                if (optional) continue;
                throw new NodeReadException(path, $"does not exist, and EnvironmentFile= at {entry.Spots[0].File}:{entry.Spots[0].Line} requires it (systemd would not start the kubelet)");
            }
            foreach (var (name, value) in SystemdSyntax.EnvironmentFile(path, text)) vars[name] = value;
        }
        return new KubeletCommandLine(start.File, Expand(StripPrefixes(start.Command), vars));
    }

    // ExecStart='s special prefixes (-, @, :, +, !): not part of the command.
    private static SpottedText StripPrefixes(SpottedText command)
    {
        var n = 0;
        while (n < command.Text.Length && command.Text[n] is '-' or '@' or ':' or '+' or '!') n++;
        return new SpottedText(command.Text[n..], command.Spots.Skip(n).ToList());
    }

    /// <summary>
    /// The command's words with variables replaced as systemd replaces them: a word that is exactly
    /// <c>$NAME</c> becomes the value split at whitespace (zero or more words); <c>${NAME}</c>
    /// anywhere in a word becomes the value as one piece; <c>$$</c> is a <c>$</c>.
    /// </summary>
    internal static List<SpottedWord> Expand(SpottedText command, IReadOnlyDictionary<string, SpottedText> vars)
    {
        var argv = new List<SpottedWord>();
        foreach (var word in SystemdSyntax.Words(command))
        {
            var first = word.SpotAt(0, command.SpotAt(0, default));
            var t = word.Text;
            if (t.Length > 1 && t[0] == '$' && IsName(t.AsSpan(1)))
            {
                if (vars.TryGetValue(t[1..], out var value))
                    argv.AddRange(SystemdSyntax.Words(value).Select(w => new SpottedWord(w.Text, w.SpotAt(0, first))));
                continue;
            }
            var sb = new StringBuilder();
            NodeSpot? spot = null;
            for (var i = 0; i < t.Length; i++)
            {
                if (t[i] == '$' && i + 1 < t.Length && t[i + 1] == '$') { sb.Append('$'); i++; continue; }
                var close = t[i] == '$' && i + 1 < t.Length && t[i + 1] == '{' ? t.IndexOf('}', i + 2) : -1;
                if (close > 0 && IsName(t.AsSpan(i + 2, close - i - 2)))
                {
                    if (vars.TryGetValue(t[(i + 2)..close], out var value))
                    {
                        sb.Append(value.Text);
                        spot ??= value.Text.Length > 0 ? value.Spots[0] : null;
                    }
                    i = close;
                    continue;
                }
                sb.Append(t[i]);
            }
            // A word made from a variable is reported where the variable's value was written.
            argv.Add(new SpottedWord(sb.ToString(), spot ?? first));
        }
        return argv;
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || char.IsAsciiDigit(s[0])) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }
}
