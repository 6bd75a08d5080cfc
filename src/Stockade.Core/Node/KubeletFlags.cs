using System.Globalization;

namespace Stockade.Node;

/// <summary>
/// The kubelet's flags that set a KubeletConfiguration field a kubelet rule reads, as
/// <c>AddKubeletConfigFlags</c> (kubernetes/kubernetes cmd/kubelet/app/options/options.go) binds them.
/// </summary>
internal static class KubeletFlags
{
    public enum Kind { Bool, Int, String, List, Gates }

    public static readonly IReadOnlyDictionary<string, (string Field, Kind Kind)> Fields = new Dictionary<string, (string, Kind)>(StringComparer.Ordinal)
    {
        ["anonymous-auth"] = ("authentication.anonymous.enabled", Kind.Bool),
        ["authentication-token-webhook"] = ("authentication.webhook.enabled", Kind.Bool),
        ["client-ca-file"] = ("authentication.x509.clientCAFile", Kind.String),
        ["authorization-mode"] = ("authorization.mode", Kind.String),
        ["read-only-port"] = ("readOnlyPort", Kind.Int),
        ["protect-kernel-defaults"] = ("protectKernelDefaults", Kind.Bool),
        ["make-iptables-util-chains"] = ("makeIPTablesUtilChains", Kind.Bool),
        ["event-qps"] = ("eventRecordQPS", Kind.Int),
        ["event-burst"] = ("eventBurst", Kind.Int),
        ["streaming-connection-idle-timeout"] = ("streamingConnectionIdleTimeout", Kind.String),
        ["rotate-certificates"] = ("rotateCertificates", Kind.Bool),
        ["rotate-server-certificates"] = ("serverTLSBootstrap", Kind.Bool),
        ["tls-cert-file"] = ("tlsCertFile", Kind.String),
        ["tls-private-key-file"] = ("tlsPrivateKeyFile", Kind.String),
        ["tls-cipher-suites"] = ("tlsCipherSuites", Kind.List),
        ["tls-min-version"] = ("tlsMinVersion", Kind.String),
        ["seccomp-default"] = ("seccompDefault", Kind.Bool),
        ["pod-max-pids"] = ("podPidsLimit", Kind.Int),
        ["feature-gates"] = ("featureGates", Kind.Gates),
    };

    /// <summary>A flag of <see cref="Fields"/> found in an argv: its field, its value and where it was written.</summary>
    public sealed record Setting(string Flag, string Field, Kind Kind, string Value, NodeSpot Spot);

    /// <summary>
    /// The argv's settings in order, parsed as pflag parses them: <c>--name=value</c>, <c>--name value</c>
    /// (not for a boolean flag, where <c>--name</c> alone is true), <c>_</c> read as <c>-</c> (the kubelet's
    /// word-separator normalisation); flags after a bare <c>--</c> are arguments.
    /// </summary>
    public static List<Setting> Settings(IReadOnlyList<SpottedWord> argv)
    {
        var settings = new List<Setting>();
        for (var i = 1; i < argv.Count; i++)
        {
            var word = argv[i].Text;
            if (word == "--") break;
            var body = word.TrimStart('-');
            if (body.Length == word.Length || body.Length == 0) continue;
            var eq = body.IndexOf('=');
            var name = (eq < 0 ? body : body[..eq]).Replace('_', '-');
            if (!Fields.TryGetValue(name, out var field)) continue;
            string? value = eq >= 0 ? body[(eq + 1)..] : field.Kind == Kind.Bool ? "true" : i + 1 < argv.Count ? argv[++i].Text : null;
            if (value != null) settings.Add(new Setting(name, field.Field, field.Kind, value, argv[i].Spot));
        }
        return settings;
    }

    /// <summary>Go's strconv.ParseBool, which pflag's boolean flags use.</summary>
    public static bool? ParseBool(string s) => s switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    public static long? ParseInt(string s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
