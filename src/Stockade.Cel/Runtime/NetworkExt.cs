using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// Kubernetes' ip and cidr libraries (<c>apiserver/pkg/cel/library/ip.go</c>, <c>cidr.go</c>) with
/// their error messages: zones and IPv4-mapped IPv6 addresses are refused.
/// </summary>
internal static class NetworkExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Global("ip", 1, a => ParseIp(StringsExt.S(a, 0, "ip")));
        r.Global("isIP", 1, a => CelBool.Of(TryIp(StringsExt.S(a, 0, "isIP"), out _) != null));
        r.Global("ip.isCanonical", 1, a =>
        {
            var s = StringsExt.S(a, 0, "ip.isCanonical");
            return CelBool.Of(ParseIp(s).ToString() == s);
        });
        r.Member("family", 1, a => Ip(a, "family").Is4 ? 4L : 6L);
        r.Member("isUnspecified", 1, a => CelBool.Of(Ip(a, "isUnspecified").IsUnspecified));
        r.Member("isLoopback", 1, a => CelBool.Of(Ip(a, "isLoopback").IsLoopback));
        r.Member("isLinkLocalMulticast", 1, a => CelBool.Of(Ip(a, "isLinkLocalMulticast").IsLinkLocalMulticast));
        r.Member("isLinkLocalUnicast", 1, a => CelBool.Of(Ip(a, "isLinkLocalUnicast").IsLinkLocalUnicast));
        r.Member("isGlobalUnicast", 1, a => CelBool.Of(Ip(a, "isGlobalUnicast").IsGlobalUnicast));

        r.Global("cidr", 1, a => ParseCidr(StringsExt.S(a, 0, "cidr")));
        r.Global("isCIDR", 1, a => CelBool.Of(TryCidr(StringsExt.S(a, 0, "isCIDR"), out _) != null));
        r.Member("containsIP", 2, a => CelBool.Of(Cidr(a, "containsIP").Contains(a[1] switch
        {
            CelIp ip => ip,
            string s => ParseIp(s),
            _ => throw Errors.NoOverload("containsIP", a),
        })));
        r.Member("containsCIDR", 2, a =>
        {
            var outer = Cidr(a, "containsCIDR");
            var inner = a[1] switch
            {
                CelCidr c => c,
                string s => ParseCidr(s),
                _ => throw Errors.NoOverload("containsCIDR", a),
            };
            // As upstream: the outer prefix masked equals the inner address at the outer length, and is no longer.
            return CelBool.Of(outer.Masked().Equals(new CelCidr(inner.Addr, outer.Bits)) && outer.Bits <= inner.Bits);
        });
        r.Member("ip", 1, a => Cidr(a, "ip").Addr);
        r.Member("prefixLength", 1, a => (long)Cidr(a, "prefixLength").Bits);
        r.Member("masked", 1, a => Cidr(a, "masked").Masked());
        Overloads.AddGlobal(r, "string", 1, a => a[0] is CelIp or CelCidr, a => a[0].ToString()!);
    }

    private static CelIp Ip(object[] a, string fn) => a[0] as CelIp ?? throw Errors.NoOverload(fn, a);
    private static CelCidr Cidr(object[] a, string fn) => a[0] as CelCidr ?? throw Errors.NoOverload(fn, a);

    private static CelIp? TryIp(string s, out string error)
    {
        var ip = CelIp.TryParse(s, out var parseError);
        error = ip == null ? $"IP Address {CelIp.GoQuote(s)} parse error during conversion from string: {parseError}"
            : ip.Zone.Length > 0 ? $"IP address {CelIp.GoQuote(s)} with zone value is not allowed"
            : ip.Is4In6 ? $"IPv4-mapped IPv6 address {CelIp.GoQuote(s)} is not allowed"
            : "";
        return error.Length == 0 ? ip : null;
    }

    private static CelIp ParseIp(string s) => TryIp(s, out var error) ?? throw new CelEvalException(error);

    private static CelCidr? TryCidr(string s, out string error)
    {
        var c = CelCidr.TryParse(s, out var parseError);
        error = c == null ? $"network address parse error during conversion from string: {parseError}"
            : c.Addr.Is4In6 ? $"IPv4-mapped IPv6 address {CelIp.GoQuote(s)} is not allowed"
            : "";
        return error.Length == 0 ? c : null;
    }

    // Upstream wraps parseCIDR's message once more, so the prefix appears twice; kept for identical errors.
    private static CelCidr ParseCidr(string s) =>
        TryCidr(s, out var error) ?? throw new CelEvalException("network address parse error during conversion from string: " + error);
}
