using System.Diagnostics;
using static Stockade.Tests.Hostile.Manifests;

namespace Stockade.Tests.Hostile;

/// <summary>Inputs that are not regular files are read exactly once, as they arrive, and never hang.</summary>
public class InputStreamTests
{
    private static void AssertPrivilegedPodFound(Stockade.Tests.Cli.CliRun run, string file)
    {
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains($"{file}:10:7: critical privileged-container", run.Stdout);
        Assert.Contains("1 object in 1 file", run.Stdout);
    }

    [Fact]
    public void Dev_stdin_as_a_path_is_scanned()
    {
        using var tree = ReadableTree();
        tree.Write("pod.yaml", PrivilegedPod);
        AssertPrivilegedPodFound(InputProcess.Bash(tree.Root, "cat pod.yaml | \"$STOCKADE\" scan /dev/stdin"), "/dev/stdin");
    }

    [Fact]
    public void A_process_substitution_is_scanned()
    {
        using var tree = ReadableTree();
        tree.Write("pod.yaml", PrivilegedPod);
        var run = InputProcess.Bash(tree.Root, "\"$STOCKADE\" scan <(cat pod.yaml)");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"/dev/fd/\d+:10:7: critical privileged-container", run.Stdout);
    }

    [Fact]
    public void A_named_fifo_is_scanned_without_hanging()
    {
        using var tree = ReadableTree();
        tree.Write("pod.yaml", PrivilegedPod);
        AssertPrivilegedPodFound(InputProcess.Bash(tree.Root, "mkfifo pipe && { cat pod.yaml > pipe & } && \"$STOCKADE\" scan pipe"), "pipe");
    }

    [Fact]
    public void A_character_device_that_never_ends_is_an_error_not_a_hang()
    {
        using var tree = ReadableTree();
        var run = InputProcess.Run(tree.Root, "scan", "/dev/zero");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/dev/zero:1:1: error: the input holds NUL bytes", run.Stdout);
    }

    [Fact]
    public void A_privileged_pod_before_a_bundled_pod_security_policy_on_stdin_is_judged_by_that_policy()
    {
        using var tree = ReadableTree();
        tree.Write("bundle.yaml", PrivilegedPod + """
            ---
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: restricted
            spec:
              privileged: false
              seLinux: {rule: RunAsAny}
              runAsUser: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
            """);
        var run = InputProcess.Bash(tree.Root, "cat bundle.yaml | \"$STOCKADE\" scan --bundle-policies -");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("<stdin>:10:7: high psp PodSecurityPolicy \"restricted\" (<stdin>:12:1) refuses container \"app\"", run.Stdout);
    }

    [Fact]
    public void A_namespace_after_its_pods_on_stdin_sets_their_level()
    {
        using var tree = ReadableTree();
        tree.Write("bundle.yaml", PrivilegedPod.Replace("  name: evil\n", "  name: evil\n  namespace: prod\n") + """
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: prod
              labels:
                pod-security.kubernetes.io/enforce: restricted
            """);
        var run = InputProcess.Bash(tree.Root, "cat bundle.yaml | \"$STOCKADE\" scan --profile namespace --namespace-default privileged -");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("privileged", run.Stdout);
        Assert.Contains("2 objects in 1 file: 1 passed, 1 failed", run.Stdout);
    }

    [Fact]
    public void Stdin_is_streamed_the_first_finding_appears_before_end_of_input()
    {
        using var tree = ReadableTree();
        using var p = InputProcess.StartInteractive(tree.Root, null, "scan", "-");
        p.StandardInput.Write(PrivilegedPod + "---\n");
        p.StandardInput.Flush();
        var line = InputProcess.WaitForLine(p.StandardOutput, "privileged-container");
        Assert.StartsWith("<stdin>:10:7:", line);
        Assert.False(p.HasExited);
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(InputProcess.Bound));
        Assert.Equal(1, p.ExitCode);
    }

    [Fact]
    public void Sigterm_while_reading_stdin_leaves_no_temporary_file()
    {
        using var tree = ReadableTree();
        var tmp = Directory.CreateDirectory(Path.Combine(tree.Root, "tmp")).FullName;
        // The runtime's diagnostics socket would be a temporary file of its own.
        using var p = InputProcess.StartInteractive(tree.Root, new Dictionary<string, string> { ["TMPDIR"] = tmp, ["DOTNET_EnableDiagnostics"] = "0" }, "scan", "-");
        p.StandardInput.Write(PrivilegedPod + "---\n");
        p.StandardInput.Flush();
        InputProcess.WaitForLine(p.StandardOutput, "privileged-container");
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString()])) kill.WaitForExit();
        Assert.True(p.WaitForExit(InputProcess.Bound));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    [Theory]
    [InlineData("fix")]
    [InlineData("mutate")]
    public void A_file_whose_read_fails_is_an_error_of_the_commands_that_read_inputs_whole(string command)
    {
        // /proc/self/mem opens but its first read fails (EIO): what a failing disk looks like.
        using var tree = ReadableTree();
        tree.Write("pod.yaml", PrivilegedPod);
        var args = command == "mutate"
            ? new[] { "mutate", "--policy", Path.Combine(Stockade.Tests.Reporting.RepoPaths.Root, "examples/psp/baseline.yaml"), "/proc/self/mem", "pod.yaml" }
            : new[] { "fix", "/proc/self/mem", "pod.yaml" };
        var run = InputProcess.Run(tree.Root, args);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("stockade: /proc/self/mem: Input/output error", run.Stderr);
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
        Assert.Contains("privileged", run.Stdout); // the other input is still processed
    }
}
