using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>What admission decided for a pod.</summary>
/// <param name="Policy">The policy that admitted the pod, or null when none did.</param>
/// <param name="Pod">The pod as admitted (defaulted by <paramref name="Policy"/>).</param>
/// <param name="Changes">What defaulting changed; empty when a policy admitted the pod as written.</param>
/// <param name="Refusals">When refused: every usable policy's errors, by policy, in name order.</param>
internal sealed record PspDecision(PspPolicy? Policy, PodSubject Pod, PspChanges Changes, IReadOnlyList<(PspPolicy Policy, IReadOnlyList<PspError> Errors)> Refusals)
{
    public bool Admitted => Policy != null;

    /// <summary>The policies the pod may not use, and why, in name order; they were not considered.</summary>
    public IReadOnlyList<PspUnusable> Unusable { get; init; } = [];
}

/// <summary>A policy the pod's service account (and requester) may not <c>use</c>, and why.</summary>
internal sealed record PspUnusable(PspPolicy Policy, string Reason);

/// <summary>The lint's answer: the policy that admits the pod as written, or the usable policies' refusals and the unusable ones.</summary>
internal sealed record PspCheck(PspPolicy? Admitting, IReadOnlyList<(PspPolicy Policy, IReadOnlyList<PspError> Errors)> Refusals, IReadOnlyList<PspUnusable> Unusable)
{
    public void Deconstruct(out PspPolicy? admitting, out IReadOnlyList<(PspPolicy Policy, IReadOnlyList<PspError> Errors)> refusals)
    {
        admitting = Admitting;
        refusals = Refusals;
    }
}

/// <summary>
/// Chooses among several policies as the PodSecurityPolicy admission plugin did (Kubernetes
/// 1.11–1.24, computeSecurityContext): policies in name order; each defaults a copy of the pod and
/// validates it; of those the pod may use (<see cref="PspAuthorizer"/>), the first that admits it
/// without changing it wins, otherwise the first (in name order) that admits it after defaulting.
/// The plugin validated before it asked the authorizer, and reported only the usable policies'
/// errors; leaving the unusable ones out first gives the same decision.
/// </summary>
internal static class PspAdmission
{
    /// <exception cref="PspAccessException">The authorizer could not be asked.</exception>
    public static PspDecision Admit(IEnumerable<PspPolicy> policies, PodSubject pod, PspAuthorizer? authorizer = null)
    {
        var (usable, unusable) = Usable(policies, pod, authorizer);
        (PspPolicy Policy, PodSubject Pod, PspChanges Changes)? firstMutating = null;
        var refusals = new List<(PspPolicy, IReadOnlyList<PspError>)>();
        foreach (var psp in usable)
        {
            var (mutated, changes) = PspProvider.Mutate(psp, pod);
            var errors = PspProvider.Validate(psp, mutated);
            if (errors.Count > 0)
            {
                refusals.Add((psp, errors));
                continue;
            }
            if (changes.Count == 0) return new PspDecision(psp, mutated, changes, []) { Unusable = unusable };
            firstMutating ??= (psp, mutated, changes);
        }
        if (firstMutating is { } m) return new PspDecision(m.Policy, m.Pod, m.Changes, []) { Unusable = unusable };
        return new PspDecision(null, pod, new PspChanges(), refusals) { Unusable = unusable };
    }

    /// <summary>
    /// Lint, and the plugin's validating phase (no mutation allowed): is the pod admitted as
    /// written? True when some usable policy validates it without any defaulting; otherwise every
    /// usable policy's errors on the pod as written. <paramref name="hint"/> — the pod's
    /// <c>kubernetes.io/psp</c> annotation at admission — is tried first, as upstream's
    /// computeSecurityContext sorted the validated policy first when mutation was not allowed.
    /// </summary>
    /// <exception cref="PspAccessException">The authorizer could not be asked.</exception>
    public static PspCheck CheckAsWritten(IEnumerable<PspPolicy> policies, PodSubject pod, PspAuthorizer? authorizer = null, string? hint = null)
    {
        var (usable, unusable) = Usable(policies, pod, authorizer);
        if (hint != null && usable.FindIndex(p => p.Name == hint) is var at and > 0)
        {
            var hinted = usable[at];
            usable.RemoveAt(at);
            usable.Insert(0, hinted);
        }
        var refusals = new List<(PspPolicy, IReadOnlyList<PspError>)>();
        foreach (var psp in usable)
        {
            var errors = PspProvider.Validate(psp, pod);
            if (errors.Count == 0) return new PspCheck(psp, [], unusable);
            refusals.Add((psp, errors));
        }
        return new PspCheck(null, refusals, unusable);
    }

    private static (List<PspPolicy> Usable, List<PspUnusable> Unusable) Usable(IEnumerable<PspPolicy> policies, PodSubject pod, PspAuthorizer? authorizer)
    {
        var usable = new List<PspPolicy>();
        var unusable = new List<PspUnusable>();
        foreach (var psp in policies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if ((authorizer ?? PspAuthorizer.Everyone).WhyNotUsable(psp, pod) is { } why) unusable.Add(new PspUnusable(psp, why));
            else usable.Add(psp);
        }
        return (usable, unusable);
    }
}
