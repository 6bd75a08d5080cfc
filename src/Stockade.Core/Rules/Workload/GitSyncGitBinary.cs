using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A git-sync container told which program to run as git.</summary>
internal sealed class GitSyncGitBinary : PodRule
{
    /// <summary>git-sync v4's and v3's variables for its --git flag.</summary>
    private static readonly string[] Variables = ["GITSYNC_GIT", "GIT_SYNC_GIT"];

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "git-sync-git-binary",
        Title = "git-sync runs a program named in its configuration",
        Severity = Severity.Medium,
        Rationale = "git-sync's --git flag (environment GITSYNC_GIT, GIT_SYNC_GIT in v3) names the program it runs as git, with " +
                    "the repository credentials it holds. Anyone who may update the workload — a grant far smaller than exec — " +
                    "can point it at any binary or shell line in the image and run code in the pod as git-sync, with its token " +
                    "and ServiceAccount (Akamai, DEF CON 2024). The default, the image's own git, needs no setting. The " +
                    "variables are read on every container (git-sync is often a sidecar of any image); the flag on containers " +
                    "whose image is git-sync.",
        Remediation = "Remove GITSYNC_GIT / GIT_SYNC_GIT and --git, so git-sync runs the image's git; restrict update on the workload to the people who own it.",
        RemediationYaml = """
            containers:
              - name: git-sync
                image: registry.k8s.io/git-sync/git-sync:v4.4.0
                env:
                  - name: GITSYNC_REPO
                    value: https://github.com/example/site
            """,
        Fields =
        [
            new("spec.containers[*].env[*].name (and init and ephemeral containers)", "not GITSYNC_GIT or GIT_SYNC_GIT"),
            new("spec.containers[*].command, args of a container whose image repository is git-sync", "no --git flag"),
        ],
        References =
        [
            new("Checkov", "CKV_K8S_159"),
            new("git-sync", "--git flag", "https://github.com/kubernetes/git-sync#parameters"),
            new("Akamai", "Kubernetes git-sync command injection (DEF CON 2024)", "https://www.akamai.com/blog/security-research/2024-august-kubernetes-gitsync-command-injection-defcon"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var env in container.Env.Where(e => e.Name.IsSet && Variables.Contains(e.Name.Value)))
            {
                context.Report(env.Name, $"container \"{container.DisplayName}\": {env.Name.Value} makes git-sync run \"{env.Value.Value}\" as git", container);
            }
            if (!IsGitSync(container.Image)) continue;
            if (EntrypointWords.First(container, a => a.Value == "--git" || a.Value.StartsWith("--git=", StringComparison.Ordinal)) is { IsSet: true } flag)
            {
                context.Report(flag, $"container \"{container.DisplayName}\": {flag.Value} names the program git-sync runs as git", container);
            }
        }
    }

    private static bool IsGitSync(Field<string> image)
    {
        if (!image.IsSet) return false;
        var repository = ImageReference.Parse(image.Value).Repository;
        return repository[(repository.LastIndexOf('/') + 1)..] == "git-sync";
    }
}
