namespace Stockade.Tests.Cel.Kubernetes;

/// <summary>
/// TestIP of kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/cel/library/ip_test.go
/// (commit 95f08499d652a6211121d8af35f470609217c730) and TestCIDR of cidr_test.go
/// (commit 0f835890a1dd7478d3efa65011a258c2c591efb5), every case, with upstream's exact error messages.
/// </summary>
public sealed class NetworkLibraryTests
{
    public static TheoryData<string, string, string> IpCases => new()
    {
        { "parse ipv4", "string(ip(\"192.168.0.1\"))", "string:192.168.0.1" },
        { "parse invalid ipv4", "ip(\"192.168.0.1.0\")", "error:^" + Esc("IP Address \"192.168.0.1.0\" parse error during conversion from string: ParseAddr(\"192.168.0.1.0\"): IPv4 address too long") + "$" },
        { "isIP valid ipv4", "isIP(\"192.168.0.1\")", "true" },
        { "isIP invalid ipv4", "isIP(\"192.168.0.1.0\")", "false" },
        { "ip.isCanonical valid ipv4", "ip.isCanonical(\"127.0.0.1\")", "true" },
        { "ip.isCanonical invalid ipv4", "ip.isCanonical(\"127.0.0.1.0\")", "error:^" + Esc("IP Address \"127.0.0.1.0\" parse error during conversion from string: ParseAddr(\"127.0.0.1.0\"): IPv4 address too long") + "$" },
        { "ipv4 family", "ip(\"192.168.0.1\").family()", "int:4" },
        { "ipv4 isUnspecified true", "ip(\"0.0.0.0\").isUnspecified()", "true" },
        { "ipv4 isUnspecified false", "ip(\"127.0.0.1\").isUnspecified()", "false" },
        { "ipv4 isLoopback true", "ip(\"127.0.0.1\").isLoopback()", "true" },
        { "ipv4 isLoopback false", "ip(\"1.2.3.4\").isLoopback()", "false" },
        { "ipv4 isLinkLocalMulticast true", "ip(\"224.0.0.1\").isLinkLocalMulticast()", "true" },
        { "ipv4 isLinkLocalMulticast false", "ip(\"224.0.1.1\").isLinkLocalMulticast()", "false" },
        { "ipv4 isLinkLocalUnicast true", "ip(\"169.254.169.254\").isLinkLocalUnicast()", "true" },
        { "ipv4 isLinkLocalUnicast false", "ip(\"192.168.0.1\").isLinkLocalUnicast()", "false" },
        { "ipv4 isGlobalUnicast true", "ip(\"192.168.0.1\").isGlobalUnicast()", "true" },
        { "ipv4 isGlobalUnicast false", "ip(\"255.255.255.255\").isGlobalUnicast()", "false" },
        { "parse ipv6", "string(ip(\"2001:db8::68\"))", "string:2001:db8::68" },
        { "parse invalid ipv6", "ip(\"2001:db8:::68\")", "error:^" + Esc("IP Address \"2001:db8:::68\" parse error during conversion from string: ParseAddr(\"2001:db8:::68\"): each colon-separated field must have at least one digit (at \":68\")") + "$" },
        { "isIP valid ipv6", "isIP(\"2001:db8::68\")", "true" },
        { "isIP invalid ipv6", "isIP(\"2001:db8:::68\")", "false" },
        { "ip.isCanonical valid ipv6", "ip.isCanonical(\"2001:db8::68\")", "true" },
        { "ip.isCanonical non-canonical ipv6", "ip.isCanonical(\"2001:DB8::68\")", "false" },
        { "ip.isCanonical invalid ipv6", "ip.isCanonical(\"2001:db8:::68\")", "error:^" + Esc("IP Address \"2001:db8:::68\" parse error during conversion from string: ParseAddr(\"2001:db8:::68\"): each colon-separated field must have at least one digit (at \":68\")") + "$" },
        { "ipv6 family", "ip(\"2001:db8::68\").family()", "int:6" },
        { "ipv6 isUnspecified true", "ip(\"::\").isUnspecified()", "true" },
        { "ipv6 isUnspecified false", "ip(\"::1\").isUnspecified()", "false" },
        { "ipv6 isLoopback true", "ip(\"::1\").isLoopback()", "true" },
        { "ipv6 isLoopback false", "ip(\"2001:db8::abcd\").isLoopback()", "false" },
        { "ipv6 isLinkLocalMulticast true", "ip(\"ff02::1\").isLinkLocalMulticast()", "true" },
        { "ipv6 isLinkLocalMulticast false", "ip(\"fd00::1\").isLinkLocalMulticast()", "false" },
        { "ipv6 isLinkLocalUnicast true", "ip(\"fe80::1\").isLinkLocalUnicast()", "true" },
        { "ipv6 isLinkLocalUnicast false", "ip(\"fd80::1\").isLinkLocalUnicast()", "false" },
        { "ipv6 isGlobalUnicast true", "ip(\"2001:db8::abcd\").isGlobalUnicast()", "true" },
        { "ipv6 isGlobalUnicast false", "ip(\"ff00::1\").isGlobalUnicast()", "false" },
        { "passing cidr into isIP returns compile error", "isIP(cidr(\"192.168.0.0/24\"))", "error:no such overload: isIP\\(net.CIDR\\)" },
        { "converting an IP address to a string", "string(ip(\"192.168.0.1\"))", "string:192.168.0.1" },
        { "type of IP is net.IP", "type(ip(\"192.168.0.1\")) == net.IP", "true" },
    };

    public static TheoryData<string, string, string> CidrCases => new()
    {
        { "compilation error for cidr(int)", "cidr(192168)", "error:no such overload: cidr\\(int\\)" },
        { "parse ipv4", "string(cidr(dyn(\"192.168.0.0/24\")))", "string:192.168.0.0/24" },
        { "parse invalid ipv4", "cidr(\"192.168.0.0/\")", "error:^" + Esc("network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(\"192.168.0.0/\"): bad bits after slash: \"\"") + "$" },
        { "contains IP ipv4 (IP)", "cidr(\"192.168.0.0/24\").containsIP(ip(\"192.168.0.1\"))", "true" },
        { "does not contain IP ipv4 (IP)", "cidr(\"192.168.0.0/24\").containsIP(ip(\"192.168.1.1\"))", "false" },
        { "contains IP ipv4 (string)", "cidr(\"192.168.0.0/24\").containsIP(\"192.168.0.1\")", "true" },
        { "does not contain IP ipv4 (string)", "cidr(\"192.168.0.0/24\").containsIP(\"192.168.1.1\")", "false" },
        { "contains CIDR ipv4 (CIDR)", "cidr(\"192.168.0.0/24\").containsCIDR(cidr(\"192.168.0.0/25\"))", "true" },
        { "does not contain IP ipv4 (CIDR)", "cidr(\"192.168.0.0/24\").containsCIDR(cidr(\"192.168.0.0/23\"))", "false" },
        { "contains CIDR ipv4 (string)", "cidr(\"192.168.0.0/24\").containsCIDR(\"192.168.0.0/25\")", "true" },
        { "does not contain CIDR ipv4 (string)", "cidr(\"192.168.0.0/24\").containsCIDR(\"192.168.0.0/23\")", "false" },
        { "returns IP ipv4", "cidr(\"192.168.0.0/24\").ip() == ip(\"192.168.0.0\")", "true" },
        { "masks masked ipv4", "string(cidr(\"192.168.0.0/24\").masked())", "string:192.168.0.0/24" },
        { "masks unmasked ipv4", "string(cidr(\"192.168.0.1/24\").masked())", "string:192.168.0.0/24" },
        { "returns prefix length ipv4", "cidr(\"192.168.0.0/24\").prefixLength()", "int:24" },
        { "parse ipv6", "string(cidr(\"2001:db8::/32\"))", "string:2001:db8::/32" },
        { "parse invalid ipv6", "cidr(\"2001:db8::/\")", "error:^" + Esc("network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(\"2001:db8::/\"): bad bits after slash: \"\"") + "$" },
        { "contains IP ipv6 (IP)", "cidr(\"2001:db8::/32\").containsIP(ip(\"2001:db8::1\"))", "true" },
        { "does not contain IP ipv6 (IP)", "cidr(\"2001:db8::/32\").containsIP(ip(\"2001:dc8::1\"))", "false" },
        { "contains IP ipv6 (string)", "cidr(\"2001:db8::/32\").containsIP(\"2001:db8::1\")", "true" },
        { "does not contain IP ipv6 (string)", "cidr(\"2001:db8::/32\").containsIP(\"2001:dc8::1\")", "false" },
        { "contains CIDR ipv6 (CIDR)", "cidr(\"2001:db8::/32\").containsCIDR(cidr(\"2001:db8::/33\"))", "true" },
        { "does not contain IP ipv6 (CIDR)", "cidr(\"2001:db8::/32\").containsCIDR(cidr(\"2001:db8::/31\"))", "false" },
        { "contains CIDR ipv6 (string)", "cidr(\"2001:db8::/32\").containsCIDR(\"2001:db8::/33\")", "true" },
        { "does not contain CIDR ipv6 (string)", "cidr(\"2001:db8::/32\").containsCIDR(\"2001:db8::/31\")", "false" },
        { "returns IP ipv6", "cidr(\"2001:db8::/32\").ip() == ip(\"2001:db8::\")", "true" },
        { "masks masked ipv6", "string(cidr(\"2001:db8::/32\").masked())", "string:2001:db8::/32" },
        { "masks unmasked ipv6", "string(cidr(\"2001:db8:1::/32\").masked())", "string:2001:db8::/32" },
        { "returns prefix length ipv6", "cidr(\"2001:db8::/32\").prefixLength()", "int:32" },
        { "converting a CIDR to a string", "string(cidr(\"192.168.0.0/24\"))", "string:192.168.0.0/24" },
        { "type of CIDR is net.CIDR", "type(cidr(\"192.168.0.0/24\")) == net.CIDR", "true" },
    };

    private static string Esc(string s) => System.Text.RegularExpressions.Regex.Escape(s);

    [Theory]
    [MemberData(nameof(IpCases))]
    public void Upstream_ip_case(string name, string expr, string expect)
    {
        _ = name;
        UpstreamCase.Check(expr, expect);
    }

    [Theory]
    [MemberData(nameof(CidrCases))]
    public void Upstream_cidr_case(string name, string expr, string expect)
    {
        _ = name;
        UpstreamCase.Check(expr, expect);
    }

    [Theory]
    [InlineData("isIP(\"::ffff:1.2.3.4\")", "false")] // IPv4-mapped IPv6 is refused, as upstream
    [InlineData("ip(\"::ffff:1.2.3.4\")", "error:^IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed$")]
    [InlineData("ip(\"fe80::1%eth0\")", "error:^IP address \"fe80::1%eth0\" with zone value is not allowed$")]
    [InlineData("isIP(\"010.0.0.1\")", "false")] // no octal, no leading zeros
    [InlineData("ip(\"256.0.0.1\")", "error:IPv4 field has value >255")]
    [InlineData("string(ip(\"2001:0db8:0000:0000:0000:0000:0000:0001\"))", "string:2001:db8::1")]
    [InlineData("string(ip(\"2001:db8:0:0:1:0:0:1\"))", "string:2001:db8::1:0:0:1")]
    [InlineData("ip(\"10.0.0.1\") == ip(\"10.0.0.1\")", "true")]
    [InlineData("cidr(\"10.0.0.0/8\").containsIP(ip(\"::1\"))", "false")]
    [InlineData("isCIDR(\"10.0.0.0/33\")", "false")]
    [InlineData("isCIDR(\"10.0.0.0/08\")", "false")]
    [InlineData("cidr(\"10.0.0.0\")", "error:no '/'")]
    public void Addresses_follow_go_netip(string expr, string expect) => UpstreamCase.Check(expr, expect);
}
