using Stockade.Engine;
using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>
/// A rule grading a PodSecurityPolicy object itself — what it lets pods do — reported at the field
/// that allows it, so a policy set can be reviewed before it is applied. Whether a policy is valid
/// at all is <c>psp-invalid</c>'s; a policy with type errors is not graded (they are scan errors,
/// and the fields read would be guesses).
/// </summary>
internal abstract class PspPolicyRule : ObjectRule
{
    public sealed override bool AppliesTo(KubeObject obj) => PspReader.IsPodSecurityPolicy(obj);

    public sealed override void Check(KubeObject obj, RuleContext context)
    {
        var policy = PspReader.ReadOnce(obj);
        if (obj.Decode.HasErrors) return;
        Grade(policy, context);
    }

    protected abstract void Grade(PspPolicy policy, RuleContext context);

    /// <summary>The path of a spec field of the policy, e.g. <c>spec.hostPID</c>.</summary>
    protected static string SpecPath(PspPolicy policy, string key) => FieldPaths.Join(policy.SpecPath, key);

    /// <summary>The PSP reference of a graded field.</summary>
    protected static Reference Field(string name) =>
        new("PSP", name, "https://v1-24.docs.kubernetes.io/docs/concepts/security/pod-security-policy/");
}

/// <summary>A policy boolean that, when true, lets pods do what the rule is about (privileged, host namespaces).</summary>
internal abstract class PspFlagRule(string key, Func<PspPolicy, Field<bool>> flag, string allows) : PspPolicyRule
{
    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        var value = flag(policy);
        if (value.Is(true)) context.Report(value, $"the policy admits {allows} (spec.{key}: true)");
    }
}
