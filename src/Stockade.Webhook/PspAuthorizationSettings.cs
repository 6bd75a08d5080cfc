namespace Stockade.Webhook;

/// <summary>Where <c>/validate/psp</c> and <c>/mutate/psp</c> learn which policies a pod may use (<c>pspAuthorization.mode</c>).</summary>
internal enum PspAuthorizationSource
{
    /// <summary>SubjectAccessReview when serve has a cluster (<c>--kubeconfig</c> or in-cluster), otherwise every policy usable (logged at start).</summary>
    Auto,

    /// <summary>SubjectAccessReview; without a cluster the PSP routes answer by the failure policy.</summary>
    SubjectAccessReview,

    /// <summary>Every policy usable by every pod (the behaviour before authorization existed).</summary>
    All,
}

/// <summary>
/// <c>pspAuthorization</c> in the webhook configuration: the source, and the bounded cache of
/// SubjectAccessReview answers (entries, time to live) and how long one review may take.
/// </summary>
internal sealed record PspAuthorizationSettings
{
    public PspAuthorizationSource Mode { get; init; } = PspAuthorizationSource.Auto;

    /// <summary>At most this many answers are kept (<c>cacheSize</c>, default 4096); 0 turns the cache off.</summary>
    public int CacheSize { get; init; } = 4096;

    /// <summary>An answer is reused for this long (<c>cacheTtlSeconds</c>, default 10): a revoked grant stops working within it.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One SubjectAccessReview may take this long (<c>timeoutSeconds</c>, default 2) before the failure policy answers.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
}
