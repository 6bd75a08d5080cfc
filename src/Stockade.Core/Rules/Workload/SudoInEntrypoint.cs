using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container whose command or arguments run <c>sudo</c>.</summary>
internal sealed class SudoInEntrypoint : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "sudo-in-entrypoint",
        Title = "Container entrypoint uses sudo",
        Severity = Severity.Medium,
        Rationale = "sudo in the command means the image carries a setuid binary and a sudoers entry that raise a process to " +
                    "root: the container is designed to escalate, anything that gets a shell in it can do the same, and it " +
                    "needs privilege escalation allowed (allowPrivilegeEscalation). The rule reports a command or argument " +
                    "that is sudo (or a path ending in /sudo) or a shell string that runs it.",
        Remediation = "Do the privileged step at image build time or in an init container with the one capability it needs, and run the main process as its final user.",
        RemediationYaml = """
            securityContext:
              runAsNonRoot: true
              allowPrivilegeEscalation: false
            """,
        Fields =
        [
            new("spec.containers[*].command, spec.containers[*].args (and init and ephemeral containers)", "no sudo word"),
        ],
        References =
        [
            new("Kubescape", "C-0062 Sudo in container entrypoint"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            if (EntrypointWords.First(container, RunsSudo) is { IsSet: true } word)
            {
                context.Report(word, $"container \"{container.DisplayName}\" runs sudo in its entrypoint", container);
            }
        }
    }

    // Split as spans: every word of every entrypoint is looked at, and almost none is sudo.
    private static bool RunsSudo(Field<string> word)
    {
        var text = word.Value.AsSpan();
        foreach (var range in text.SplitAny(" \t\n;&|()`"))
        {
            var w = text[range];
            if (w.SequenceEqual("sudo") || w.EndsWith("/sudo", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
