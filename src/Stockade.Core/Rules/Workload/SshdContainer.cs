using System.Text.RegularExpressions;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules.Workload;

/// <summary>
/// A container that runs an SSH server: an sshd or openssh-server image, a command or argument
/// that starts sshd, or a container port 22.
/// </summary>
internal sealed partial class SshdContainer : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "sshd-container",
        Title = "Container runs an SSH server",
        Severity = Severity.Medium,
        Rationale = "An SSH server in a container is a second, unaudited way in: it bypasses the API server's " +
                    "authentication, RBAC and audit log that govern kubectl exec, and it needs keys or passwords " +
                    "that are rarely rotated.",
        Remediation = "Remove the SSH server. Use kubectl exec or kubectl debug for interactive access, and " +
                      "kubectl cp or a volume for files.",
        RemediationYaml = """
            containers:
              - name: app
                image: registry.example.com/app:1.0   # no sshd; reach it with kubectl exec or kubectl debug
                ports:
                  - containerPort: 8080
            """,
        Fields =
        [
            new("spec.containers[*].image, spec.initContainers[*].image, spec.ephemeralContainers[*].image", "a repository (registry host removed) not containing sshd or openssh-server (any case)"),
            new("spec.containers[*].command[*], spec.initContainers[*].command[*], spec.ephemeralContainers[*].command[*], and the same args[*] fields", "no word sshd (as a command, a path ending /sshd or inside a shell line)"),
            new("spec.containers[*].ports[*].containerPort, spec.initContainers[*].ports[*].containerPort, spec.ephemeralContainers[*].ports[*].containerPort", "anything but 22"),
        ],
        References =
        [
            new("NSA", "Kubernetes Hardening Guide: Pod security (minimal images and services)"),
            new("Kubernetes docs", "Get a Shell to a Running Container", "https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            List<(SourcePosition Position, string Path, string What)>? evidence = null;
            if (container.Image.IsSet && IsSshdImage(container.Image.Value))
            {
                (evidence ??= new()).Add((container.Image.Position, container.Image.Path, $"image {container.Image.Value}"));
            }
            var invocation = EntrypointWords.First(container, word => StartsSshd(word.Value));
            if (invocation.IsSet)
            {
                (evidence ??= new()).Add((invocation.Position, invocation.Path, $"runs \"{invocation.Value}\""));
            }
            Field<long> sshPort = default;
            for (var p = 0; p < container.Ports.Count && !sshPort.IsSet; p++)
            {
                if (container.Ports[p].ContainerPort.Is(22)) sshPort = container.Ports[p].ContainerPort;
            }
            if (sshPort.IsSet)
            {
                (evidence ??= new()).Add((sshPort.Position, sshPort.Path, "containerPort 22"));
            }
            if (evidence == null) continue;
            var first = evidence[0];
            context.Report(first.Position, first.Path,
                $"container \"{container.DisplayName}\" runs an SSH server ({string.Join(", ", evidence.Select(e => e.What))})", container);
        }
    }

    /// <summary>True when the repository part of an image reference (no registry, tag or digest) names sshd or openssh-server.</summary>
    public static bool IsSshdImage(string image)
    {
        var repository = image;
        var at = repository.IndexOf('@');
        if (at >= 0) repository = repository[..at];
        var lastSlash = repository.LastIndexOf('/');
        var colon = repository.LastIndexOf(':');
        if (colon > lastSlash) repository = repository[..colon];
        var firstSlash = repository.IndexOf('/');
        // Like the Docker reference grammar: a first component with a dot or a port, or "localhost", is a registry host.
        if (firstSlash > 0)
        {
            var first = repository[..firstSlash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost") repository = repository[(firstSlash + 1)..];
        }
        return repository.Contains("sshd", StringComparison.OrdinalIgnoreCase)
               || repository.Contains("openssh-server", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when a command or argument runs sshd: the word <c>sshd</c> or a path ending in <c>/sshd</c>, also inside a shell line.</summary>
    public static bool StartsSshd(string word) => SshdWord().IsMatch(word);

    [GeneratedRegex("""(?:^|[\s;&|()`'"/])sshd(?=$|[\s;&|()`'"])""")]
    private static partial Regex SshdWord();
}
