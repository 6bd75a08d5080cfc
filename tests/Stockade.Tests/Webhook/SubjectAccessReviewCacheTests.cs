using Stockade.Psp;
using Stockade.Webhook;

namespace Stockade.Tests.Webhook;

/// <summary>The cache of SubjectAccessReview answers never answers one identity with another's grant.</summary>
public sealed class SubjectAccessReviewCacheTests
{
    private static readonly PspAuthorizationSettings Cached = new() { CacheSize = 100, CacheTtl = TimeSpan.FromMinutes(5) };

    [Fact]
    public void Groups_whose_names_join_to_another_identitys_groups_are_asked_again()
    {
        // Only the group "a" may use the policy; a group named "a", U+0001, "b" may not.
        var asked = new List<PspUser>();
        var reviews = new SubjectAccessReviews((user, _, _, _, _) =>
        {
            asked.Add(user);
            return user.Groups.Contains("a");
        }, TimeProvider.System, new WebhookMetrics());
        var access = reviews.With(Cached);

        Assert.True(access.MayUse(new PspUser("mallory", ["a", "b"]), "shop", "privileged"));
        Assert.False(access.MayUse(new PspUser("mallory", ["a\u0001b"]), "shop", "privileged"));
        Assert.Contains(asked, u => u.Groups.SequenceEqual(["a\u0001b"]));
    }
}
