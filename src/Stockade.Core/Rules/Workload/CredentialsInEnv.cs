using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A credential written as a literal environment value in the pod spec (the matching is <see cref="Credentials"/>).</summary>
internal sealed class CredentialsInEnv : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "credentials-in-env",
        Title = "Credential written in an environment variable",
        Severity = Severity.High,
        Rationale = "A password, token or key written as an env value is in the manifest: in Git, in the chart's values, " +
                    "in every copy of the workload object, readable by anyone who can get the Deployment (a far wider " +
                    "group than those who can read Secrets), and not rotated with the Secret it should have been. " +
                    "The rule reports a literal value under a name that says it is a secret (PASSWORD, DB_PASS, apiKey, " +
                    "client_secret, *_TOKEN…, but not *_FILE, *_PATH, *_NAME, *_URL and other names about the secret), " +
                    "unless the value is a variable reference, a path, a boolean or a number; and any value in a format only " +
                    "credentials have (private keys, AWS access key ids, GitHub/GitLab/Slack/Stripe/Google keys, a URL with a password). " +
                    "False positives measured with `stockade scan --no-config --format json` over examples/ and the Pod Security " +
                    "admission fixtures (4,632 objects, 2026-12-01): 0; the findings were the 2 intended bad examples. That corpus holds " +
                    "only 4 literal env values, so the measure is weak; the name and value rules are tested case by case in CredentialsTests.",
        Remediation = "Move the value into a Secret, rotate it (it has been published), and mount the Secret as a file (see secret-env-var).",
        RemediationYaml = """
            volumes:
              - name: db
                secret: {secretName: db-credentials}
            """,
        Fields =
        [
            new("spec.containers[*].env[*].value (and init and ephemeral containers)", "no literal secret under a sensitive name, no value in a credential format"),
        ],
        References =
        [
            new("kube-linter", "env-var-secret"),
            new("Polaris", "sensitiveContainerEnvVar"),
            new("Kubescape", "C-0012 Applications credentials in configuration files"),
            new("Kubescape", "C-0259 Workload with credential access"),
            new("CIS", "5.4.1 Prefer using Secrets as files over Secrets as environment variables"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var env in container.Env.Where(e => e.Value.IsSet))
            {
                var name = env.Name.IsSet ? env.Name.Value : "";
                if (Credentials.KnownFormat(env.Value.Value) is { } what)
                {
                    context.Report(env.Value, $"container \"{container.DisplayName}\": environment variable {name} holds {what} in clear", container);
                }
                else if (Credentials.IsSensitiveName(name) && Credentials.IsLiteralSecret(env.Value.Value))
                {
                    context.Report(env.Value, $"container \"{container.DisplayName}\": environment variable {name} has a literal value; its name says it is a credential", container);
                }
            }
        }
    }
}
