using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Stockade.Cli.Generate;

/// <summary>
/// Validates the addresses, networks, ports and names given to <c>stockade generate</c>, strictly:
/// a value that would be read differently by iptables or the API server is a usage error, never
/// a guess (.NET alone would take <c>10.1</c> for 10.0.0.1).
/// </summary>
internal static class NetworkInputs
{
    public static IPAddress Address(string text, string option)
    {
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily == AddressFamily.InterNetwork && !IsDottedQuad(text) || text.Contains('/'))
        {
            throw new UsageException($"{option}: \"{text}\" is not an IP address (e.g. 10.0.0.10 or fd00::10)");
        }
        return ip;
    }

    /// <summary>A network in canonical form: its address has no bits set beyond the prefix.</summary>
    public static IPNetwork Cidr(string text, string option)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) throw new UsageException($"{option}: \"{text}\" is not a CIDR (e.g. 10.244.0.0/16)");
        var address = Address(text[..slash], option);
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > max || text[(slash + 1)..].Length > 3)
        {
            throw new UsageException($"{option}: \"{text}\" has no valid prefix length (0-{max})");
        }
        var network = new IPNetwork(Masked(address, prefix), prefix);
        if (!network.BaseAddress.Equals(address))
        {
            throw new UsageException($"{option}: \"{text}\" has host bits set; did you mean {network}?");
        }
        return network;
    }

    public static int Port(string text, string option)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 && text.Length <= 5) return port;
        throw new UsageException($"{option}: \"{text}\" is not a port (1-65535)");
    }

    /// <summary>A namespace name: an RFC 1123 DNS label, as the API server requires.</summary>
    public static string Namespace(string text, string option)
    {
        var valid = text.Length is > 0 and <= 63 && text.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && text[0] != '-' && text[^1] != '-';
        return valid ? text : throw new UsageException($"{option}: \"{text}\" is not a namespace name (lower-case letters, digits and -, at most 63)");
    }

    /// <summary>The address as a single-host CIDR: <c>/32</c> or <c>/128</c>.</summary>
    public static string HostCidr(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork ? $"{ip}/32" : $"{ip}/128";

    /// <summary>The address and port as a URL authority: IPv6 in brackets.</summary>
    public static string HostPort(IPAddress ip, int port) => ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]:{port}" : $"{ip}:{port}";

    public static bool IsIPv6(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetworkV6;

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
