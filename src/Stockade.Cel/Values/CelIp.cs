using System.Globalization;
using System.Text;

namespace Stockade.Cel.Values;

/// <summary>
/// An IP address as Go's <c>net/netip.Addr</c> (Kubernetes' <c>net.IP</c> CEL type): parsed by a port
/// of <c>netip.ParseAddr</c> with its error messages (no octal, no leading zeros, zones kept for the
/// caller to reject), printed in its canonical form (RFC 5952 for IPv6).
/// </summary>
internal sealed class CelIp : ICelTypedValue
{
    public static readonly CelType Type = new("net.IP");

    /// <summary>4 bytes for IPv4, 16 for IPv6.</summary>
    public byte[] Bytes { get; }
    public string Zone { get; }

    internal CelIp(byte[] bytes, string zone = "")
    {
        Bytes = bytes;
        Zone = zone;
    }

    public CelType CelType => Type;
    public bool Is4 => Bytes.Length == 4;
    public bool Is6 => Bytes.Length == 16;
    public bool Is4In6 => Is6 && Bytes.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && Bytes[10] == 0xff && Bytes[11] == 0xff;

    public bool IsUnspecified => Bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;
    public bool IsLoopback => Is4 ? Bytes[0] == 127 : Bytes.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0 && Bytes[15] == 1;
    public bool IsMulticast => Is4 ? (Bytes[0] & 0xf0) == 0xe0 : Bytes[0] == 0xff;
    public bool IsLinkLocalMulticast => Is4 ? Bytes[0] == 224 && Bytes[1] == 0 && Bytes[2] == 0 : Bytes[0] == 0xff && (Bytes[1] & 0x0f) == 0x02;
    public bool IsLinkLocalUnicast => Is4 ? Bytes[0] == 169 && Bytes[1] == 254 : Bytes[0] == 0xfe && (Bytes[1] & 0xc0) == 0x80;

    // netip.Addr.IsGlobalUnicast: private IPv4 and ULA IPv6 addresses still count, as in package net.
    public bool IsGlobalUnicast
    {
        get
        {
            var ip = Is4In6 ? new CelIp(Bytes[12..]) : this;
            if (ip.Is4 && (ip.IsUnspecified || ip.Bytes.AsSpan().IndexOfAnyExcept((byte)0xff) < 0)) return false;
            return !ip.IsUnspecified && !ip.IsLoopback && !ip.IsMulticast && !ip.IsLinkLocalUnicast;
        }
    }

    /// <summary>netip.ParseAddr: null and the error text ("ParseAddr(\"…\"): …") when it is not an address.</summary>
    public static CelIp? TryParse(string s, out string error)
    {
        error = "";
        foreach (var c in s)
        {
            switch (c)
            {
                case '.': return ParseV4(s, out error);
                case ':': return ParseV6(s, out error);
                case '%': error = Err(s, "missing IPv6 address"); return null;
            }
        }
        error = Err(s, "unable to parse IP");
        return null;
    }

    private static string Err(string input, string msg, string? at = null) =>
        $"ParseAddr({GoQuote(input)}): {msg}" + (at != null ? $" (at {GoQuote(at)})" : "");

    private static CelIp? ParseV4(string s, out string error)
    {
        var b = new byte[4];
        error = V4Fields(s, s, b) ?? "";
        return error.Length == 0 ? new CelIp(b) : null;
    }

    private static string? V4Fields(string input, string s, Span<byte> fields)
    {
        int val = 0, pos = 0, digLen = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                if (digLen == 1 && val == 0) return Err(input, "IPv4 field has octet with leading zero");
                val = val * 10 + (c - '0');
                digLen++;
                if (val > 255) return Err(input, "IPv4 field has value >255");
            }
            else if (c == '.')
            {
                if (i == 0 || i == s.Length - 1 || s[i - 1] == '.') return Err(input, "IPv4 field must have at least one digit", s[i..]);
                if (pos == 3) return Err(input, "IPv4 address too long");
                fields[pos++] = (byte)val;
                val = 0;
                digLen = 0;
            }
            else return Err(input, "unexpected character", s[i..]);
        }
        if (pos < 3) return Err(input, "IPv4 address too short");
        fields[3] = (byte)val;
        return null;
    }

    private static CelIp? ParseV6(string input, out string error)
    {
        error = "";
        var s = input;
        var zone = "";
        var pct = s.IndexOf('%');
        if (pct >= 0)
        {
            (s, zone) = (s[..pct], s[(pct + 1)..]);
            if (zone.Length == 0) { error = Err(input, "zone must be a non-empty string"); return null; }
        }
        var ip = new byte[16];
        var ellipsis = -1;
        if (s.Length >= 2 && s[0] == ':' && s[1] == ':')
        {
            ellipsis = 0;
            s = s[2..];
            if (s.Length == 0) return new CelIp(ip, zone);
        }
        var i = 0;
        while (i < 16)
        {
            var off = 0;
            uint acc = 0;
            for (; off < s.Length; off++)
            {
                var c = s[off];
                if (c is >= '0' and <= '9') acc = (acc << 4) + (uint)(c - '0');
                else if (c is >= 'a' and <= 'f') acc = (acc << 4) + (uint)(c - 'a' + 10);
                else if (c is >= 'A' and <= 'F') acc = (acc << 4) + (uint)(c - 'A' + 10);
                else break;
                if (off > 3) { error = Err(input, "each group must have 4 or less digits", s); return null; }
                if (acc > 0xffff) { error = Err(input, "IPv6 field has value >=2^16", s); return null; }
            }
            if (off == 0) { error = Err(input, "each colon-separated field must have at least one digit", s); return null; }
            if (off < s.Length && s[off] == '.')
            {
                if (ellipsis < 0 && i != 12) { error = Err(input, "embedded IPv4 address must replace the final 2 fields of the address", s); return null; }
                if (i + 4 > 16) { error = Err(input, "too many hex fields to fit an embedded IPv4 at the end of the address", s); return null; }
                var v4 = V4Fields(input, s, ip.AsSpan(i, 4));
                if (v4 != null) { error = v4; return null; }
                s = "";
                i += 4;
                break;
            }
            ip[i] = (byte)(acc >> 8);
            ip[i + 1] = (byte)acc;
            i += 2;
            s = s[off..];
            if (s.Length == 0) break;
            if (s[0] != ':') { error = Err(input, "unexpected character, want colon", s); return null; }
            if (s.Length == 1) { error = Err(input, "colon must be followed by more characters", s); return null; }
            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0) { error = Err(input, "multiple :: in address", s); return null; }
                ellipsis = i;
                s = s[1..];
                if (s.Length == 0) break;
            }
        }
        if (s.Length != 0) { error = Err(input, "trailing garbage after address", s); return null; }
        if (i < 16)
        {
            if (ellipsis < 0) { error = Err(input, "address string too short"); return null; }
            var n = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
            Array.Clear(ip, ellipsis, n);
        }
        else if (ellipsis >= 0) { error = Err(input, "the :: must expand to at least one field of zeros", s); return null; }
        return new CelIp(ip, zone);
    }

    public override string ToString()
    {
        if (Is4) return string.Join('.', Bytes);
        var sb = new StringBuilder();
        if (Is4In6)
        {
            sb.Append("::ffff:").Append(string.Join('.', Bytes[12..]));
        }
        else
        {
            int zeroStart = 255, zeroEnd = 255;
            for (var i = 0; i < 8; i++)
            {
                var j = i;
                while (j < 8 && Group(j) == 0) j++;
                var l = j - i;
                if (l >= 2 && l > (zeroEnd - zeroStart)) (zeroStart, zeroEnd) = (i, j);
            }
            for (var i = 0; i < 8; i++)
            {
                if (i == zeroStart)
                {
                    sb.Append("::");
                    i = zeroEnd;
                    if (i >= 8) break;
                }
                else if (i > 0) sb.Append(':');
                sb.Append(Group(i).ToString("x", CultureInfo.InvariantCulture));
            }
        }
        if (Zone.Length > 0) sb.Append('%').Append(Zone);
        return sb.ToString();
    }

    private int Group(int i) => (Bytes[2 * i] << 8) | Bytes[2 * i + 1];

    public override bool Equals(object? obj) => obj is CelIp o && o.Bytes.AsSpan().SequenceEqual(Bytes) && o.Zone == Zone;
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Go's strconv.Quote for the ASCII the parsers meet (other characters are kept as they are).</summary>
    internal static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}

/// <summary>A network prefix as Go's <c>netip.Prefix</c> (Kubernetes' <c>net.CIDR</c> CEL type).</summary>
internal sealed class CelCidr(CelIp addr, int bits) : ICelTypedValue
{
    public static readonly CelType Type = new("net.CIDR");

    public CelIp Addr { get; } = addr;
    public int Bits { get; } = bits;
    public CelType CelType => Type;

    /// <summary>netip.ParsePrefix: null and its error text ("netip.ParsePrefix(\"…\"): …") when it is not a prefix.</summary>
    public static CelCidr? TryParse(string s, out string error)
    {
        string Err(string msg) => $"netip.ParsePrefix({CelIp.GoQuote(s)}): {msg}";
        var slash = s.LastIndexOf('/');
        if (slash < 0) { error = Err("no '/'"); return null; }
        var ip = CelIp.TryParse(s[..slash], out var addrError);
        if (ip == null) { error = Err(addrError); return null; }
        if (ip.Is6 && ip.Zone.Length > 0) { error = Err("IPv6 zones cannot be present in a prefix"); return null; }
        var bitsStr = s[(slash + 1)..];
        // strconv.Atoi would accept a sign and leading zeros; ParsePrefix does not.
        if ((bitsStr.Length > 1 && bitsStr[0] is < '1' or > '9')
            || !int.TryParse(bitsStr, NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
        {
            error = Err("bad bits after slash: " + CelIp.GoQuote(bitsStr));
            return null;
        }
        if (bits > (ip.Is4 ? 32 : 128)) { error = Err("prefix length out of range"); return null; }
        error = "";
        return new CelCidr(ip, bits);
    }

    public CelCidr Masked()
    {
        var b = (byte[])Addr.Bytes.Clone();
        for (var i = 0; i < b.Length; i++)
        {
            var keep = Math.Clamp(Bits - 8 * i, 0, 8);
            b[i] &= (byte)(0xff << (8 - keep));
        }
        return new CelCidr(new CelIp(b), Bits);
    }

    /// <summary>netip.Prefix.Contains: false across families.</summary>
    public bool Contains(CelIp ip) =>
        ip.Bytes.Length == Addr.Bytes.Length && ip.Zone.Length == 0 && new CelCidr(ip, Bits).Masked().Equals(Masked());

    public override string ToString() => $"{Addr}/{Bits}";
    public override bool Equals(object? obj) => obj is CelCidr o && o.Bits == Bits && o.Addr.Equals(Addr);
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
