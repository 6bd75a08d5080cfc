using System.Globalization;
using System.Text.RegularExpressions;
using Stockade.Cli.Options;

namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate webhook</c>: the manifests that deploy <c>stockade serve</c>.</summary>
internal static class GenerateWebhookCommand
{
    internal static readonly CommandSpec Spec = new(
        "webhook",
        "Deployment, Service, PDB and webhook configurations for `stockade serve`",
        "stockade generate webhook [options] > stockade-webhook.yaml",
        """
        Writes the manifests to run `stockade serve` in a cluster: Namespace, ServiceAccount (no token),
        ConfigMap, Deployment (2+ replicas spread across nodes, restricted and hardened clean), PodDisruptionBudget,
        Service, and Validating/MutatingWebhookConfigurations. Namespaces choose a route with labels:
          pod-security.kubernetes.io/enforce: baseline|restricted  -> /validate/baseline|restricted
          stockade.dev/profile: hardened                           -> /validate/hardened
          stockade.dev/psp: enabled                                -> /mutate/psp and /validate/psp
          stockade.dev/policies: enabled                           -> /validate/policies (every namespaced resource)
        kube-system and the webhook's own namespace are never sent to the webhook.
        """,
        [
            new OptionGroup("Options", [
                CommonOptions.Namespace,
                CliOption.Value("--name", "NAME", "default stockade-webhook"),
                CommonOptions.Image,
                CliOption.Value("--replicas", "N", "default 2 (at least 2)"),
                CliOption.Value("--failure-policy", "P", "Fail (default) or Ignore; see docs/webhook.md"),
                CliOption.Value("--timeout-seconds", "N", "webhook timeout, 1-30 (default 5)"),
                CliOption.Flag("--cert-manager", "certificates from cert-manager (Issuer + Certificate, CA injected) instead of a CA and serving certificate generated now into a Secret"),
                CliOption.Value("--validity-days", "N", "lifetime of the generated serving certificate (default 365)"),
            ]),
        ],
        "");

    private static readonly HashSet<string> FlagOptions = ["--cert-manager", "--help"];

    public static int Run(string[] args, Stream stdout)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"generate webhook takes no arguments (got \"{a.Positionals[0]}\")");
        var settings = new WebhookManifestSettings
        {
            Namespace = Name(a.Value("--namespace") ?? "stockade-system", "--namespace"),
            Name = Name(a.Value("--name") ?? "stockade-webhook", "--name"),
            Image = a.Value("--image") ?? WebhookManifestSettings.DefaultImage,
            Replicas = Int(a, "--replicas", 2, 2, 100),
            FailurePolicy = a.Value("--failure-policy") switch
            {
                null or "Fail" => "Fail",
                "Ignore" => "Ignore",
                var other => throw new UsageException($"--failure-policy: \"{other}\" is not Fail or Ignore"),
            },
            TimeoutSeconds = Int(a, "--timeout-seconds", 5, 1, 30),
            CertManager = a.Flag("--cert-manager"),
            ValidityDays = Int(a, "--validity-days", 365, 1, 3650),
        };
        CommandLine.WriteText(stdout, WebhookManifests.Render(settings, TimeProvider.System.GetUtcNow()));
        return ExitCodes.Ok;
    }

    private static string Name(string value, string option) =>
        Regex.IsMatch(value, "^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$") ? value : throw new UsageException($"{option}: \"{value}\" is not a DNS label (lower case, digits, -; at most 53 characters)");

    private static int Int(ArgReader a, string option, int fallback, int min, int max)
    {
        var text = a.Value(option);
        if (text == null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        throw new UsageException($"{option}: \"{text}\" is not a whole number from {min} to {max}");
    }
}
