using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>Kubernetes' semver library (<c>apiserver/pkg/cel/library/semverlib.go</c>), with the normalize argument.</summary>
internal static class SemverExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Global("semver", 1, a => Parse(a, "semver", normalize: false));
        r.Global("semver", 2, a => Parse(a, "semver", Bool(a, "semver")));
        r.Global("isSemver", 1, a => CelBool.Of(CelSemver.TryParse(StringsExt.S(a, 0, "isSemver"), false, out _) != null));
        r.Global("isSemver", 2, a => CelBool.Of(CelSemver.TryParse(StringsExt.S(a, 0, "isSemver"), Bool(a, "isSemver"), out _) != null));
        r.Member("major", 1, a => (long)V(a, "major").Major);
        r.Member("minor", 1, a => (long)V(a, "minor").Minor);
        r.Member("patch", 1, a => (long)V(a, "patch").Patch);
        Comparisons.Register<CelSemver>(r);
    }

    private static CelSemver Parse(object[] a, string fn, bool normalize) =>
        CelSemver.TryParse(StringsExt.S(a, 0, fn), normalize, out var error) ?? throw new CelEvalException(error);

    private static bool Bool(object[] a, string fn) => a[1] is bool b ? b : throw Errors.NoOverload(fn, a);

    private static CelSemver V(object[] a, string fn) => a[0] as CelSemver ?? throw Errors.NoOverload(fn, a);
}
