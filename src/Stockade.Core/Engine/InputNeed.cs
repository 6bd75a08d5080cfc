using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>
/// What a profile needs from the whole input before it can judge it: objects that can be anywhere
/// in the input (the Namespaces whose labels choose the namespace profile's rules, the
/// PodSecurityPolicies and the RBAC that decides who may use them, …), which the scan gathers as
/// it reads the input once. A profile declares its needs (<see cref="Profile.Needs"/>); the
/// scanner derives the rest — what to gather, whether documents must be spooled, when verdicts
/// wait — so hosts do not orchestrate it (<see cref="Scanner"/>).
/// </summary>
internal sealed record InputNeed
{
    /// <summary>Kinds whose objects the read gathers for <see cref="Resolve"/>.</summary>
    public required IReadOnlySet<string> Kinds { get; init; }

    /// <summary>
    /// Whether <see cref="Resolve"/> can add rules, which then must see every document after the
    /// read: the documents are spooled (<see cref="ScanOptions.Spool"/>) and object verdicts wait.
    /// False when it only names the profile or adds notes.
    /// </summary>
    public bool AddsRules { get; init; }

    /// <summary>
    /// The profile with this need met. It is given the profile the needs declared before it
    /// resolved to (for the first need, the profile the first pass ran), every object gathered for
    /// the profile's needs, in input order (each need reads its own kinds), and the scan's notes,
    /// to which it may add (a policy found but not applied, say).
    /// </summary>
    public required Func<Profile, IReadOnlyList<KubeObject>, List<ScanNote>, Profile> Resolve { get; init; }
}
