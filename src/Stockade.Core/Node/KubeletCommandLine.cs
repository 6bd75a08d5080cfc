namespace Stockade.Node;

/// <summary>
/// The kubelet's argv and where each item was written: a running kubelet's <c>/proc/PID/cmdline</c>,
/// or the command systemd would start from <c>kubelet.service</c> and its drop-ins (<see cref="KubeletUnit"/>).
/// </summary>
/// <param name="Source">The cmdline file, or the unit file whose <c>ExecStart=</c> gives the command.</param>
/// <param name="Argv">The program and its arguments, each with where it was written.</param>
internal sealed record KubeletCommandLine(string Source, IReadOnlyList<SpottedWord> Argv)
{
    /// <summary>Whether the argv is a running process's (else systemd's unit, not started yet or not visible).</summary>
    public bool Running => Source.StartsWith("/proc/", StringComparison.Ordinal);

    /// <summary>The value of <c>--name=value</c> or <c>--name value</c> (last one wins), or null.</summary>
    public string? Flag(string name) => NodeProcess.FlagOf(Argv.Select(a => a.Text).ToList(), name);

    /// <summary>A running program's argv (any program's: the control-plane components are reported the same way).</summary>
    public static KubeletCommandLine Of(NodeProcess p) =>
        new(p.CmdlinePath, p.Argv.Select((a, i) => new SpottedWord(a, new NodeSpot(p.CmdlinePath, 1, p.Columns[i]))).ToList());
}
