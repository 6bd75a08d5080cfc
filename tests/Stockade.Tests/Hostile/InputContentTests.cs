using System.Text;
using static Stockade.Tests.Hostile.Manifests;

namespace Stockade.Tests.Hostile;

/// <summary>
/// Paths that cannot be read and content the API server would refuse or could not decode: each
/// is an error with its position (exit 2), never a pass, a crash or a silent skip, and the other
/// files are still scanned.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class InputContentTests
{
    [Fact]
    public void An_unreadable_folder_is_an_error_with_its_reason()
    {
        using var tree = ReadableTree();
        tree.Write("ok/pod.yaml", PrivilegedPod.Replace("privileged: true", "privileged: false"));
        tree.Write("secret/pod.yaml", PrivilegedPod);
        File.SetUnixFileMode(tree.PathOf("secret"), UnixFileMode.None);
        var run = InputProcess.RunUnprivileged(tree.Root, "scan", ".");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("./secret: error: cannot read folder: Access to the path", run.Stdout);
        Assert.Contains("1 object in 1 file", run.Stdout);
    }

    [Fact]
    public void An_unreadable_file_is_an_error_with_its_reason()
    {
        using var tree = ReadableTree();
        var pod = tree.Write("pod.yaml", PrivilegedPod);
        File.SetUnixFileMode(pod, UnixFileMode.None);
        var run = InputProcess.RunUnprivileged(tree.Root, "scan", "pod.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pod.yaml: error: cannot read: Access to the path", run.Stdout);
    }

    [Fact]
    public void A_linked_folder_that_is_not_followed_gets_a_note()
    {
        using var tree = ReadableTree();
        tree.Write("real/pod.yaml", PrivilegedPod);
        Directory.CreateDirectory(tree.PathOf("scan"));
        Directory.CreateSymbolicLink(tree.PathOf("scan/linked"), tree.PathOf("real"));
        var run = InputProcess.Run(tree.Root, "scan", "--verbose", "scan");
        Assert.Contains("scan/linked: note: not scanned: a link to the folder", run.Stdout);
    }

    [Theory]
    [InlineData("containers: null")]
    [InlineData("containers: []")]
    public void A_pod_without_containers_is_an_error(string containers)
    {
        using var tree = ReadableTree();
        tree.Write("pod.yaml", $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: empty\nspec:\n  {containers}\n");
        tree.Write("deploy.yaml", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: empty\nspec:\n  template:\n    spec:\n      {containers}\n");
        var run = InputProcess.Run(tree.Root, "scan", ".");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pod.yaml:6:3: error: spec.containers: Required value", run.Stdout);
        Assert.Contains("deploy.yaml:8:7: error: spec.template.spec.containers: Required value", run.Stdout);
    }

    [Fact]
    public void After_json_nested_past_the_limit_the_next_top_level_value_is_scanned()
    {
        using var tree = ReadableTree();
        var pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"evil"},"spec":{"containers":[{"name":"app","image":"x","securityContext":{"privileged":true}}]}}""";
        tree.Write("stream.json", "{\"deep\":" + new string('[', 600) + new string(']', 600) + "}\n" + pod + "\n");
        var run = InputProcess.Run(tree.Root, "scan", "stream.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stream.json:1:520: error: nesting deeper than 512 levels", run.Stdout);
        Assert.Contains("stream.json:2:", run.Stdout);
        Assert.Contains("critical privileged-container", run.Stdout);
    }

    [Fact]
    public void Invalid_utf8_in_a_json_string_is_an_error_and_the_other_files_are_scanned()
    {
        using var tree = ReadableTree();
        tree.Write("a-pod.yaml", PrivilegedPod);
        var bad = Encoding.UTF8.GetBytes("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\n\"metadata\":{\"name\":\"x\uFFFD\"}}");
        var at = Array.IndexOf(bad, (byte)0xEF);
        File.WriteAllBytes(tree.PathOf("b-bad.json"), [.. bad[..at], 0xFF, .. bad[(at + 3)..]]);
        foreach (var args in new[] { new[] { "scan", "." }, ["audit", "--from", "."] })
        {
            var run = InputProcess.Run(tree.Root, args);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stdout}{run.Stderr}");
            Assert.Contains("b-bad.json:2:22: error: invalid UTF-8 (byte 0xFF)", run.Stdout);
            Assert.Contains("a-pod.yaml:10:7: critical privileged-container", run.Stdout);
        }
    }

    [Fact]
    public void Invalid_utf8_in_yaml_is_an_error_at_its_position()
    {
        using var tree = ReadableTree();
        var text = Encoding.UTF8.GetBytes(PrivilegedPod.Replace("image: nginx", "image: nginx#"));
        var at = Array.IndexOf(text, (byte)'#');
        text[at] = 0xC3; // a lead byte with no continuation
        File.WriteAllBytes(tree.PathOf("pod.yaml"), text);
        var run = InputProcess.Run(tree.Root, "scan", "pod.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pod.yaml:8:17: error: invalid UTF-8 (byte 0xC3)", run.Stdout);
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_an_error_that_names_the_encoding()
    {
        using var tree = ReadableTree();
        File.WriteAllBytes(tree.PathOf("pod.yaml"), [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(PrivilegedPod)]);
        var run = InputProcess.Run(tree.Root, "scan", "pod.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pod.yaml:1:1: error: the input is UTF-16LE (byte-order mark FF FE)", run.Stdout);
    }

    [Fact]
    public void An_unclosed_flow_sequence_before_block_content_is_a_positioned_syntax_error()
    {
        using var tree = ReadableTree();
        tree.Write("bad.yaml", "a: [1, 2\nb: 3\n");
        var run = InputProcess.Run(tree.Root, "scan", "bad.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.yaml:2:1: error: YAML syntax error", run.Stdout);
        Assert.DoesNotContain("internal error", run.Stdout);
    }

    [Fact]
    public void Audit_from_takes_max_document_bytes_so_a_dump_over_64_mib_is_audited()
    {
        using var tree = ReadableTree();
        // One JSON List (as kubectl get -o json prints it) just over the default limit.
        var padding = new string('x', 64 * 1024 * 1024);
        File.WriteAllText(tree.PathOf("dump.json"),
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"evil\",\"namespace\":\"default\",\"annotations\":{\"pad\":\"" + padding +
            "\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"x\",\"securityContext\":{\"privileged\":true}}]}}]}");
        var refused = InputProcess.Run(tree.Root, "audit", "--from", "dump.json", "--profile", "hardened");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--max-document-bytes", refused.Stdout);
        var run = InputProcess.Run(tree.Root, "audit", "--from", "dump.json", "--profile", "hardened", "--max-document-bytes", "100000000");
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.Contains("critical privileged-container", run.Stdout);
    }
}
