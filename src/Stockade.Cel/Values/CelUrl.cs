using System.Text;

namespace Stockade.Cel.Values;

/// <summary>
/// A URL as Go's <c>net/url.URL</c> (Kubernetes' <c>kubernetes.URL</c> CEL type), parsed by a port of
/// <c>url.Parse</c> / <c>url.ParseRequestURI</c> with their error messages: <c>url()</c> accepts what
/// ParseRequestURI accepts (an absolute URI or an absolute path) and reads the parts as Parse does.
/// </summary>
internal sealed class CelUrl : ICelTypedValue
{
    public static readonly CelType Type = new("kubernetes.URL");

    public string Scheme { get; private init; } = "";
    public string Opaque { get; private init; } = "";
    public string Host { get; private init; } = "";
    public string Path { get; private init; } = "";
    public string RawPath { get; private init; } = "";
    public string RawQuery { get; private init; } = "";
    public string Fragment { get; private init; } = "";
    private string Source { get; init; } = "";

    public CelType CelType => Type;

    /// <summary>url.ParseRequestURI: the error as Go prints it (<c>parse "…": …</c>), or null.</summary>
    public static string? RequestUriError(string raw)
    {
        var err = Parse(raw, viaRequest: true, out _);
        return err == null ? null : $"parse {CelIp.GoQuote(raw)}: {err}";
    }

    /// <summary>url.Parse (fragment split off first); throws nothing: the error text or the URL.</summary>
    public static CelUrl? TryParse(string raw, out string error)
    {
        var hash = raw.IndexOf('#');
        var (u, frag) = hash < 0 ? (raw, "") : (raw[..hash], raw[(hash + 1)..]);
        var err = Parse(u, viaRequest: false, out var url);
        if (err != null)
        {
            error = $"parse {CelIp.GoQuote(u)}: {err}";
            return null;
        }
        var fragment = Unescape(frag, Mode.Fragment, out var fragErr);
        if (fragErr != null)
        {
            error = $"parse {CelIp.GoQuote(raw)}: {fragErr}";
            return null;
        }
        error = "";
        return new CelUrl
        {
            Scheme = url!.Scheme, Opaque = url.Opaque, Host = url.Host, Path = url.Path, RawPath = url.RawPath,
            RawQuery = url.RawQuery, Fragment = fragment, Source = raw,
        };
    }

    private enum Mode { Path, Host, Fragment, Query, UserPassword }

    private static string? Parse(string raw, bool viaRequest, out CelUrl? url)
    {
        url = null;
        if (raw.Any(c => c < 0x20 || c == 0x7f)) return "net/url: invalid control character in URL";
        if (raw.Length == 0 && viaRequest) return "empty url";
        if (raw == "*")
        {
            url = new CelUrl { Path = "*" };
            return null;
        }
        var (scheme, rest, schemeErr) = GetScheme(raw);
        if (schemeErr != null) return schemeErr;
        scheme = scheme.ToLowerInvariant();
        string query;
        if (rest.EndsWith('?') && rest.Count(c => c == '?') == 1)
        {
            rest = rest[..^1];
            query = "";
        }
        else
        {
            var q = rest.IndexOf('?');
            (rest, query) = q < 0 ? (rest, "") : (rest[..q], rest[(q + 1)..]);
        }
        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                url = new CelUrl { Scheme = scheme, Opaque = rest, RawQuery = query };
                return null;
            }
            if (viaRequest) return "invalid URI for request";
            var seg = rest.IndexOf('/');
            if ((seg < 0 ? rest : rest[..seg]).Contains(':')) return "first path segment in URL cannot contain colon";
        }
        var host = "";
        if ((scheme.Length > 0 || (!viaRequest && !rest.StartsWith("///", StringComparison.Ordinal))) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            rest = "";
            var slash = authority.IndexOf('/');
            if (slash >= 0) (authority, rest) = (authority[..slash], authority[slash..]);
            var authErr = ParseAuthority(authority, out host);
            if (authErr != null) return authErr;
        }
        var path = Unescape(rest, Mode.Path, out var pathErr);
        if (pathErr != null) return pathErr;
        url = new CelUrl { Scheme = scheme, Host = host, Path = path, RawPath = Escape(path, Mode.Path) == rest ? "" : rest, RawQuery = query };
        return null;
    }

    private static (string Scheme, string Remainder, string? Error) GetScheme(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) return ("", raw, null);
                continue;
            }
            if (c == ':') return i == 0 ? ("", "", "missing protocol scheme") : (raw[..i], raw[(i + 1)..], null);
            return ("", raw, null);
        }
        return ("", raw, null);
    }

    private static string? ParseAuthority(string authority, out string host)
    {
        var at = authority.LastIndexOf('@');
        var err = ParseHost(at < 0 ? authority : authority[(at + 1)..], out host);
        if (err != null) return err;
        if (at < 0) return null;
        var userinfo = authority[..at];
        if (!userinfo.All(c => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c))) return "net/url: invalid userinfo";
        Unescape(userinfo, Mode.UserPassword, out var userErr);
        return userErr;
    }

    private static string? ParseHost(string host, out string result)
    {
        result = "";
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0) return "missing ']' in host";
            var colonPort = host[(close + 1)..];
            if (!ValidOptionalPort(colonPort)) return $"invalid port {CelIp.GoQuote(colonPort)} after host";
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0 && !ValidOptionalPort(host[colon..])) return $"invalid port {CelIp.GoQuote(host[colon..])} after host";
        }
        result = Unescape(host, Mode.Host, out var err);
        return err;
    }

    private static bool ValidOptionalPort(string port) =>
        port.Length == 0 || (port[0] == ':' && port.Skip(1).All(char.IsAsciiDigit));

    private static bool ShouldEscape(char c, Mode mode)
    {
        if (char.IsAsciiLetterOrDigit(c)) return false;
        if (mode == Mode.Host && "!$&'()*+,;=:[]<>\"".Contains(c)) return false;
        switch (c)
        {
            case '-' or '_' or '.' or '~': return false;
            case '$' or '&' or '+' or ',' or '/' or ':' or ';' or '=' or '?' or '@':
                return mode switch
                {
                    Mode.Path => c == '?',
                    Mode.UserPassword => c is '@' or '/' or '?' or ':',
                    Mode.Query => true,
                    Mode.Fragment => false,
                    _ => true,
                };
        }
        if (mode == Mode.Fragment && c is '!' or '(' or ')' or '*') return false;
        return true;
    }

    private static string Unescape(string s, Mode mode, out string? error)
    {
        error = null;
        if (s.IndexOf('%') < 0 && (mode != Mode.Query || s.IndexOf('+') < 0))
        {
            if (mode == Mode.Host)
                foreach (var c in s)
                    if (c < 0x80 && ShouldEscape(c, mode)) { error = $"invalid character {CelIp.GoQuote(c.ToString())} in host name"; return ""; }
            return s;
        }
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2]))
                {
                    var bad = s[i..Math.Min(s.Length, i + 3)];
                    error = $"invalid URL escape {CelIp.GoQuote(bad)}";
                    return "";
                }
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+' && mode == Mode.Query) bytes.Add((byte)' ');
            else
            {
                if (mode == Mode.Host && c < 0x80 && ShouldEscape(c, mode)) { error = $"invalid character {CelIp.GoQuote(c.ToString())} in host name"; return ""; }
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string Escape(string s, Mode mode)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (b < 0x80 && !ShouldEscape(c, mode)) sb.Append(c);
            else if (c == ' ' && mode == Mode.Query) sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool ValidEncoded(string s, Mode mode) =>
        s.All(c => "!$&'()*+,;=:@[]%".Contains(c) || (c < 0x80 && !ShouldEscape(c, mode)));

    /// <summary>URL.EscapedPath: the path as written when that is a valid encoding of it, else escaped.</summary>
    public string EscapedPath()
    {
        if (RawPath.Length > 0 && ValidEncoded(RawPath, Mode.Path) && Unescape(RawPath, Mode.Path, out var e) == Path && e == null) return RawPath;
        return Path == "*" ? "*" : Escape(Path, Mode.Path);
    }

    /// <summary>URL.Hostname: the host without port or IPv6 brackets.</summary>
    public string Hostname() => SplitHostPort().Host;

    public string Port() => SplitHostPort().Port;

    private (string Host, string Port) SplitHostPort()
    {
        var host = Host;
        var port = "";
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && ValidOptionalPort(host[colon..])) (host, port) = (host[..colon], host[(colon + 1)..]);
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        return (host, port);
    }

    /// <summary>URL.Query (url.ParseQuery, pairs that do not decode dropped): keys in first-seen order, values in order.</summary>
    public List<KeyValuePair<string, List<string>>> Query()
    {
        var result = new List<KeyValuePair<string, List<string>>>();
        foreach (var pair in RawQuery.Split('&'))
        {
            if (pair.Length == 0 || pair.Contains(';')) continue;
            var eq = pair.IndexOf('=');
            var (k, v) = eq < 0 ? (pair, "") : (pair[..eq], pair[(eq + 1)..]);
            var key = Unescape(k, Mode.Query, out var ke);
            var value = Unescape(v, Mode.Query, out var ve);
            if (ke != null || ve != null) continue;
            var entry = result.FindIndex(e => e.Key == key);
            if (entry < 0) result.Add(new(key, [value]));
            else result[entry].Value.Add(value);
        }
        return result;
    }

    public override bool Equals(object? obj) => obj is CelUrl u && u.Source == Source;
    public override int GetHashCode() => Source.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Source;
}
