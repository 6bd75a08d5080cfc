using Stockade.Engine;
using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>
/// A policy's seccomp or AppArmor annotations (<c>allowedProfileNames</c>, <c>defaultProfileName</c>)
/// that let a container run unconfined: <c>unconfined</c> (or <c>*</c>) allowed, <c>unconfined</c> as
/// the default, or — <see cref="GradeUnset"/>, which differs between the two — annotations left out.
/// </summary>
internal abstract class PspProfileRule(string allowedKey, string defaultKey, string kind) : PspPolicyRule
{
    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        var allowed = Annotation(policy, allowedKey);
        var byDefault = Annotation(policy, defaultKey);
        foreach (var name in allowed is { } a ? a.Value.Split(',') : [])
        {
            if (name is "unconfined" or PspVocabulary.All)
            {
                context.Report(allowed!.Value, $"the policy lets containers run without {kind} confinement ({allowedKey}: \"{allowed.Value.Value}\")");
                break;
            }
        }
        if (byDefault is { Value: "unconfined" } d)
        {
            context.Report(d, $"the policy gives unconfined {kind} to every pod that sets no profile ({defaultKey}: \"unconfined\")");
        }
        GradeUnset(policy, allowed, byDefault, context);
    }

    /// <summary>What the absence of the annotations allows.</summary>
    protected abstract void GradeUnset(PspPolicy policy, Field<string>? allowed, Field<string>? byDefault, RuleContext context);

    /// <summary>Where a missing annotation would be written: the policy's annotations.</summary>
    protected static string AnnotationsPath(PspPolicy policy) => FieldPaths.Join(policy.PathPrefix, "metadata.annotations");

    private static Field<string>? Annotation(PspPolicy policy, string key) =>
        policy.Annotations.TryGetValue(key, out var f) && f.Value.Length > 0 ? f : null;
}
