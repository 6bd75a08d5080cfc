using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container that reads a Secret into its environment (<c>secretKeyRef</c>, <c>envFrom.secretRef</c>).</summary>
internal sealed class SecretEnvVar : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "secret-env-var",
        Title = "Secret passed through environment variables",
        Severity = Severity.Low,
        Rationale = "A Secret read into the environment is in the process's environment block for its whole life: it is " +
                    "inherited by every child process, printed by crash reporters, debug endpoints and `env` in a shell, " +
                    "readable in /proc/PID/environ by anything running as the same user, and shown by `kubectl describe` " +
                    "of the pod's container status on some runtimes. A Secret mounted as a file is read only when needed, " +
                    "can be limited by file mode, and is updated in place when the Secret changes. " +
                    "On by default at Low: CIS 5.4.1 (Level 2), Checkov, Kubescape and kubesec count it; kube-linter has it off by default.",
        Remediation = "Mount the Secret as a volume and have the application read the file; keep environment variables for non-secret configuration.",
        RemediationYaml = """
            containers:
              - name: app
                volumeMounts:
                  - {name: db, mountPath: /etc/secrets/db, readOnly: true}
            volumes:
              - name: db
                secret: {secretName: db-credentials, defaultMode: 0400}
            """,
        Fields =
        [
            new("spec.containers[*].env[*].valueFrom.secretKeyRef (and init and ephemeral containers)", "undefined"),
            new("spec.containers[*].envFrom[*].secretRef (and init and ephemeral containers)", "undefined"),
        ],
        References =
        [
            new("CIS", "5.4.1 Prefer using Secrets as files over Secrets as environment variables"),
            new("kube-linter", "read-secret-from-env-var"),
            new("kubesec", "SecretsAsEnvironmentVariables"),
            new("Kubescape", "C-0207 Prefer using secrets as files over secrets as environment variables"),
            new("Checkov", "CKV_K8S_35"),
            new("Kubernetes docs", "Good practices for Kubernetes Secrets", "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var env in container.Env.Where(e => e.SecretKeyRef.IsSet))
            {
                var name = env.Name.IsSet ? env.Name.Value : "?";
                context.Report(env.SecretKeyRef, $"container \"{container.DisplayName}\" reads Secret \"{env.SecretKeyRef.Value}\" into environment variable {name}", container);
            }
            foreach (var from in container.EnvFrom.Where(e => e.SecretRef.IsSet))
            {
                context.Report(from.SecretRef, $"container \"{container.DisplayName}\" loads every key of Secret \"{from.SecretRef.Value}\" into its environment (envFrom.secretRef)", container);
            }
        }
    }
}
