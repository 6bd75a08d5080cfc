using System.Globalization;
using System.Text.RegularExpressions;
using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server request timeout switched off or raised past five minutes.</summary>
internal sealed partial class ApiServerRequestTimeout : ControlPlaneRule
{
    /// <summary>The longest timeout accepted: five minutes, as the peers that measure it count it.</summary>
    private const double MaximumSeconds = 300;

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-request-timeout",
        Title = "API server request timeout off or too long",
        Severity = Severity.Low,
        Category = "control-plane",
        Rationale = "--request-timeout (default 60s) is how long the API server lets a non-long-running request (anything but " +
                    "watch, exec, attach, port-forward, proxy) hold a connection and a handler. The default is appropriate: " +
                    "raise it only for clients on slow links. At 0 the timeout is off, and a timeout of many minutes lets a few " +
                    "slow clients hold the server's in-flight request slots (--max-requests-inflight), which is a denial of " +
                    "service of the whole control plane. Unset is the default and not reported.",
        Remediation = "Leave --request-timeout unset (60s) or set it to a duration above 0 and at most 5m.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --request-timeout=60s"),
        Fields =
        [
            new("kube-apiserver --request-timeout", "undefined (60s), or a Go duration above 0 and at most 5m"),
        ],
        References =
        [
            new("CIS", "1.2.20 Ensure that the --request-timeout argument is set as appropriate"),
            new("Kubescape", "C-0134"),
            new("Checkov", "CKV_K8S_95"),
            new("Kubernetes docs", "kube-apiserver: --request-timeout", "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Get("request-timeout") is not { } timeout) return;
        var seconds = Seconds(timeout.Value);
        if (seconds is null)
        {
            flags.Report(context, "request-timeout", $"kube-apiserver: --request-timeout={timeout.Value} is not a duration (the API server refuses to start)");
        }
        else if (seconds <= 0)
        {
            flags.Report(context, "request-timeout", $"kube-apiserver: --request-timeout={timeout.Value} switches the request timeout off");
        }
        else if (seconds > MaximumSeconds)
        {
            flags.Report(context, "request-timeout", $"kube-apiserver: --request-timeout={timeout.Value} lets a request hold the server for more than 5m");
        }
    }

    /// <summary>A Go duration (time.ParseDuration: "90s", "1m30s", "1.5h", "0") in seconds, or null when it is not one.</summary>
    internal static double? Seconds(string text)
    {
        var value = text.Trim();
        var sign = value.StartsWith('-') ? -1 : 1;
        value = value.TrimStart('+', '-');
        if (value == "0") return 0;
        var parts = DurationPart().Matches(value);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != value.Length) return null;
        return sign * parts.Sum(p => double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture) * p.Groups[2].Value switch
        {
            "h" => 3600, "m" => 60, "s" => 1, "ms" => 1e-3, "us" or "µs" or "μs" => 1e-6, _ => 1e-9,
        });
    }

    [GeneratedRegex(@"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|h|m|s)")]
    private static partial Regex DurationPart();
}
