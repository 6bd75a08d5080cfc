using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>Kubernetes' URL library (<c>apiserver/pkg/cel/library/urls.go</c>).</summary>
internal static class UrlsExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Global("url", 1, a =>
        {
            var s = StringsExt.S(a, 0, "url");
            // Checked as ParseRequestURI (an absolute URI or path), read as Parse (which splits the fragment).
            var error = CelUrl.RequestUriError(s);
            CelUrl? url = null;
            if (error == null) url = CelUrl.TryParse(s, out error);
            return url ?? throw new CelEvalException($"URL parse error during conversion from string: {error}");
        });
        r.Global("isURL", 1, a => CelBool.Of(CelUrl.RequestUriError(StringsExt.S(a, 0, "isURL")) == null));
        r.Member("getScheme", 1, a => Url(a, "getScheme").Scheme);
        r.Member("getHost", 1, a => Url(a, "getHost").Host);
        r.Member("getHostname", 1, a => Url(a, "getHostname").Hostname());
        r.Member("getPort", 1, a => Url(a, "getPort").Port());
        r.Member("getEscapedPath", 1, a => Url(a, "getEscapedPath").EscapedPath());
        r.Member("getQuery", 1, a =>
        {
            var map = new DictMap();
            foreach (var (k, v) in Url(a, "getQuery").Query()) map.TryAdd(k, v.Cast<object>().ToList());
            return map;
        });
    }

    private static CelUrl Url(object[] a, string fn) => a[0] as CelUrl ?? throw Errors.NoOverload(fn, a);
}
