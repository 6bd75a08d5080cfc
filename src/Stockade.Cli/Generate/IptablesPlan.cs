namespace Stockade.Cli.Generate;

/// <summary>Where a rule goes in its chain: first (ahead of kube-proxy's and the CNI's accepts) or last.</summary>
internal enum RulePlace
{
    First,
    Last,
}

/// <summary>One rule, as the arguments after the chain name (<paramref name="Spec"/>); the script checks it with <c>-C</c> before adding it.</summary>
internal sealed record FirewallRule(bool IPv6, string Chain, RulePlace Place, string Spec);

/// <summary>
/// What <c>verify</c> probes: each target (<c>host:port</c>, IPv6 hosts in brackets) must answer
/// from the node and be refused or time out from a pod. With <paramref name="EveryTargetMustAnswer"/>
/// false the targets are candidates (the ports an API server commonly serves when the rule covers
/// every port): those that do not answer from the node are reported and left out, at least one must answer.
/// </summary>
internal sealed record ProbePlan(string Subject, IReadOnlyList<string> Targets, bool EveryTargetMustAnswer, string ProvesWhat);

/// <summary>A node script: its name (installed script and systemd unit), what it is for, the chains it creates, its rules and its proof.</summary>
internal sealed record IptablesPlan(
    string Name,
    string Description,
    IReadOnlyList<string> About,
    IReadOnlyList<(bool IPv6, string Chain)> NewChains,
    IReadOnlyList<FirewallRule> Rules,
    ProbePlan Probe)
{
    public bool HasIPv4 => Rules.Any(r => !r.IPv6);

    public bool HasIPv6 => Rules.Any(r => r.IPv6);
}
