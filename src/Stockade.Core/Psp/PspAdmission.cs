using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>What admission decided for a pod.</summary>
/// <param name="Policy">The policy that admitted the pod, or null when none did.</param>
/// <param name="Pod">The pod as admitted (defaulted by <paramref name="Policy"/>).</param>
/// <param name="Changes">What defaulting changed; empty when a policy admitted the pod as written.</param>
/// <param name="Refusals">When refused: every policy's errors, by policy, in name order.</param>
public sealed record PspDecision(PspPolicy? Policy, PodSubject Pod, PspChanges Changes, IReadOnlyList<(PspPolicy Policy, IReadOnlyList<PspError> Errors)> Refusals)
{
    public bool Admitted => Policy != null;
}

/// <summary>
/// Chooses among several policies as the PodSecurityPolicy admission plugin did (Kubernetes
/// 1.11–1.24): policies in name order; each defaults a copy of the pod and validates it; the first
/// that admits the pod without changing it wins; otherwise the first (in name order) that admits it
/// after defaulting. Every policy is treated as usable by the requester (RBAC <c>use</c> is not
/// modelled).
/// </summary>
public static class PspAdmission
{
    public static PspDecision Admit(IEnumerable<PspPolicy> policies, PodSubject pod)
    {
        var ordered = policies.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        (PspPolicy Policy, PodSubject Pod, PspChanges Changes)? firstMutating = null;
        var refusals = new List<(PspPolicy, IReadOnlyList<PspError>)>();
        foreach (var psp in ordered)
        {
            var (mutated, changes) = PspProvider.Mutate(psp, pod);
            var errors = PspProvider.Validate(psp, mutated);
            if (errors.Count > 0)
            {
                refusals.Add((psp, errors));
                continue;
            }
            if (changes.Count == 0) return new PspDecision(psp, mutated, changes, []);
            firstMutating ??= (psp, mutated, changes);
        }
        if (firstMutating is { } m) return new PspDecision(m.Policy, m.Pod, m.Changes, []);
        return new PspDecision(null, pod, new PspChanges(), refusals);
    }

    /// <summary>
    /// Lint: is the pod admitted as written? True when some policy validates it without any
    /// defaulting; otherwise every policy's errors on the pod as written.
    /// </summary>
    public static (PspPolicy? Admitting, IReadOnlyList<(PspPolicy Policy, IReadOnlyList<PspError> Errors)> Refusals) CheckAsWritten(IEnumerable<PspPolicy> policies, PodSubject pod)
    {
        var refusals = new List<(PspPolicy, IReadOnlyList<PspError>)>();
        foreach (var psp in policies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var errors = PspProvider.Validate(psp, pod);
            if (errors.Count == 0) return (psp, []);
            refusals.Add((psp, errors));
        }
        return (null, refusals);
    }
}
