using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Network;

/// <summary>An Ingress with ingress-nginx annotations that write raw nginx configuration or can inject it.</summary>
internal sealed class IngressNginxRiskyAnnotations : ObjectRule
{
    private const string Prefix = "nginx.ingress.kubernetes.io/";

    /// <summary>Annotations whose value ingress-nginx has copied into nginx.conf unescaped (CVE-2023-5043, CVE-2023-5044, CVE-2025-1097, CVE-2025-1098, CVE-2025-24514).</summary>
    private static readonly HashSet<string> InjectedValues =
    [
        "auth-url", "auth-signin", "auth-tls-match-cn", "auth-tls-verify-client", "auth-tls-error-page", "mirror-target", "mirror-host",
        "permanent-redirect", "temporal-redirect", "rewrite-target", "app-root", "auth-cache-key", "auth-proxy-set-headers",
    ];

    private static readonly char[] Breakout = [';', '{', '}', '\n', '\r', '\'', '"', '`', '#'];

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "ingress-nginx-risky-annotations",
        Title = "Ingress writes raw nginx configuration",
        Severity = Severity.High,
        Category = "network",
        Rationale = "ingress-nginx copies `*-snippet` annotations (configuration-snippet, server-snippet, auth-snippet, " +
                    "modsecurity-snippet…) into the nginx.conf of the controller, which holds a token that reads every Secret " +
                    "of the cluster: whoever can create an Ingress can run Lua or read files (alias, *_by_lua) as the " +
                    "controller — CVE-2021-25742, and the IngressNightmare chain (CVE-2025-1974) that starts from such " +
                    "injected configuration. Other annotations were copied unescaped too (auth-url CVE-2025-24514, " +
                    "auth-tls-match-cn CVE-2025-1097, mirror-target/mirror-host CVE-2025-1098, permanent-redirect " +
                    "CVE-2023-5044, path rewriting CVE-2023-5043): the rule reports those when their value carries a " +
                    "character that ends an nginx directive or string (; { } quotes # newline).",
        Remediation = "Remove the snippet annotations and set allow-snippet-annotations: \"false\" (the default since 1.9) in the controller's ConfigMap; use the dedicated annotations or the controller's global configuration instead.",
        RemediationYaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ingress-nginx-controller
              namespace: ingress-nginx
            data:
              allow-snippet-annotations: "false"
              annotations-risk-level: Critical
            """,
        Fields =
        [
            new("Ingress metadata.annotations nginx.ingress.kubernetes.io/*-snippet", "undefined"),
            new("Ingress metadata.annotations nginx.ingress.kubernetes.io/{auth-url, auth-signin, auth-tls-*, mirror-*, permanent-redirect, rewrite-target, …}", "no ; { } ' \" ` # or newline"),
        ],
        References =
        [
            new("Trivy", "KCV-0093 Ensure ingress-nginx annotations are secure"),
            new("Checkov", "CKV_K8S_153 Prevent All NGINX Ingress annotation snippets"),
            new("Checkov", "CKV_K8S_152 Prevent NGINX Ingress annotation snippets which contain LUA code execution"),
            new("Checkov", "CKV_K8S_154 Prevent NGINX Ingress annotation snippets which contain alias statements"),
            new("CVE", "CVE-2021-25742 ingress-nginx custom snippets allow retrieval of ingress-nginx serviceaccount token and secrets", "https://github.com/kubernetes/ingress-nginx/issues/7837"),
            new("CVE", "CVE-2025-1974, CVE-2025-1097, CVE-2025-1098, CVE-2025-24514 (IngressNightmare)", "https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/"),
        ],
    };

    public override bool AppliesTo(KubeObject obj) => obj.Kind == "Ingress" && obj.Group is "networking.k8s.io" or "extensions";

    public override void Check(KubeObject obj, RuleContext context)
    {
        foreach (var (key, value) in obj.Annotations)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var name = key[Prefix.Length..];
            if (name.EndsWith("-snippet", StringComparison.Ordinal))
            {
                var worse = value.Value.Contains("_by_lua", StringComparison.Ordinal) ? ", with Lua code"
                    : System.Text.RegularExpressions.Regex.IsMatch(value.Value, @"(^|[\s;{])alias\s") ? ", with an alias directive" : "";
                context.Report(value, $"Ingress \"{obj.Name.Value}\" writes raw nginx configuration into the controller ({key}{worse})");
            }
            else if (InjectedValues.Contains(name) && value.Value.IndexOfAny(Breakout) >= 0)
            {
                context.Report(value, $"Ingress \"{obj.Name.Value}\": {key} holds a character that ends an nginx directive or string, the injection of the ingress-nginx CVEs");
            }
        }
    }
}
