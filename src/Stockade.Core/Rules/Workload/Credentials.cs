using System.Text.RegularExpressions;

namespace Stockade.Rules.Workload;

/// <summary>
/// What looks like a credential written in clear: a key whose name says it holds one with a literal
/// value, or a value in a format only credentials have. Tuned for few false positives (how it was
/// measured is in docs/rules/credentials-in-env.md): a name alone is not enough when the value is a reference, a
/// path, a flag or a number.
/// </summary>
internal static partial class Credentials
{
    /// <summary>Why a value is a credential whatever key holds it, or null.</summary>
    public static string? KnownFormat(string value)
    {
        foreach (var (pattern, what) in Formats)
        {
            if (pattern.IsMatch(value)) return what;
        }
        return null;
    }

    /// <summary>True when <paramref name="name"/> says its value is a secret (PASSWORD, DB_PASS, apiKey, client-secret…).</summary>
    /// <remarks>
    /// The name's words are those of splitting it at camel-case boundaries (a lower-case letter or
    /// digit, then an upper-case letter) and at every run of characters other than ASCII letters
    /// and digits, lower-cased. They are found in place, in one lower-cased copy on the stack:
    /// every environment variable of every container is asked.
    /// </remarks>
    public static bool IsSensitiveName(string name)
    {
        Span<char> joined = name.Length <= 256 ? stackalloc char[256] : new char[name.Length];
        Span<int> starts = name.Length <= 256 ? stackalloc int[257] : new int[name.Length + 1];
        int length = 0, words = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c)) continue;
            var startsWord = i == 0 || !char.IsAsciiLetterOrDigit(name[i - 1])
                || char.IsAsciiLetterUpper(c) && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1]));
            if (startsWord) starts[words++] = length;
            joined[length++] = char.ToLowerInvariant(c);
        }
        if (words == 0) return false;
        starts[words] = length;
        // A name ending in one of these holds something about the secret, not the secret itself.
        if (NotTheSecretWords.Contains(joined[starts[words - 1]..length])) return false;
        for (var w = 0; w < words; w++)
        {
            if (SensitiveWordSet.Contains(joined[starts[w]..starts[w + 1]])) return true;
        }
        foreach (var pair in SensitiveJoined)
        {
            if (joined[..length].IndexOf(pair, StringComparison.Ordinal) >= 0) return true;
        }
        return false;
    }

    /// <summary>
    /// True when a value under a sensitive name is a literal secret: not empty, not a variable
    /// reference (<c>$(VAR)</c>, <c>${VAR}</c>), a file path, a boolean or a number, and at least 4 characters.
    /// </summary>
    public static bool IsLiteralSecret(string value)
    {
        var v = value.Trim();
        if (v.Length < 4) return false;
        if (v.StartsWith('/') || v.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return false;
        if (Reference().IsMatch(v)) return false;
        if (v is "true" or "false" or "True" or "False" or "yes" or "no" or "null" or "none" or "None" or "disabled" or "enabled") return false;
        return !v.All(c => char.IsDigit(c) || c is '.' or '-' or 's' or 'm' or 'h');
    }

    /// <summary>The lines of a configuration file (a ConfigMap value) that assign a literal to a sensitive key: <c>password = hunter22</c>, <c>token: abcd…</c>.</summary>
    public static IEnumerable<(string Key, int Line)> SensitiveAssignments(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Assignment().Match(lines[i]);
            if (!m.Success) continue;
            var value = m.Groups["value"].Value.Trim().Trim('"', '\'', ',');
            if (IsSensitiveName(m.Groups["key"].Value) && IsLiteralSecret(value)) yield return (m.Groups["key"].Value, i);
        }
    }

    private static readonly HashSet<string> SensitiveWords = new(["password", "passwd", "pwd", "pass", "secret", "token", "apikey", "credential", "credentials", "privatekey", "passphrase"], StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SensitiveWordSet = SensitiveWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Word pairs written as one word or split (API_KEY, access-key, client_secret).
    private static readonly string[] SensitiveJoined = ["apikey", "accesskey", "secretkey", "privatekey", "clientsecret", "authtoken", "accesstoken", "password"];

    private static readonly HashSet<string> NotTheSecret = new(
        ["file", "path", "dir", "name", "names", "ref", "id", "enabled", "enable", "disabled", "length", "len", "ttl", "expiry", "expires", "expiration",
         "timeout", "header", "type", "policy", "mode", "url", "uri", "endpoint", "issuer", "audience", "keyid", "location", "field",
         "required", "min", "max", "size", "count", "age", "hash", "algorithm", "format", "prefix", "suffix", "version", "store", "provider", "rotation"], StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotTheSecretWords = NotTheSecret.GetAlternateLookup<ReadOnlySpan<char>>();

    // Source-generated: constructing these nine at the first scan cost start-up time on every run.
    private static readonly (Regex Pattern, string What)[] Formats =
    [
        (PrivateKey(), "a private key"),
        (AwsAccessKeyId(), "an AWS access key id"),
        (GitHubToken(), "a GitHub token"),
        (GitLabToken(), "a GitLab token"),
        (SlackToken(), "a Slack token"),
        (StripeSecretKey(), "a Stripe secret key"),
        (GoogleApiKey(), "a Google API key"),
        (GoogleServiceAccountKey(), "a Google service account key"),
        (UrlWithPassword(), "a URL with a password"),
    ];

    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_-]{20,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\bxox[abprs]-[A-Za-z0-9-]{10,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\b[sr]k_live_[A-Za-z0-9]{20,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex StripeSecretKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"""type""\s*:\s*""service_account""[\s\S]*""private_key""", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleServiceAccountKey();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://[^\s/:@$]+:(?<pw>[^\s/@$]{3,})@[^\s/]", RegexOptions.CultureInvariant)]
    private static partial Regex UrlWithPassword();

    [GeneratedRegex(@"^\$(\(|\{)[^)}]*(\)|\})$|^\{\{.*\}\}$|^<[^>]*>$")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\s*(?:export\s+)?[""']?(?<key>[A-Za-z_][\w.-]*)[""']?\s*[:=]\s*(?<value>[^\s#].*?)\s*$")]
    private static partial Regex Assignment();

}
