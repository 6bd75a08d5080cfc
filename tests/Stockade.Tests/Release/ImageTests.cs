using System.Text.Json;
using Stockade.Tests.Cli;
using Stockade.Tests.Generate;

namespace Stockade.Tests.Release;

/// <summary>
/// The release's OCI image archive: unpacked with umoci as a user unpacks it, its config read from
/// the OCI layout, and its entrypoint run from the unpacked rootfs through the rootfs's own loader
/// and libraries (a chroot needs root; this is the same binary and the same shared objects).
/// </summary>
[Trait("Category", ReleaseFolder.Category)]
public class ImageTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private (string Bundle, JsonElement Config, JsonElement Manifest)? Unpack()
    {
        if (ReleaseFolder.Find() is not { } dir) return null;
        var archive = ReleaseFolder.One(dir, "stockade-*-oci.tar");
        var layout = Path.Combine(_tree.Root, "layout");
        Directory.CreateDirectory(layout);
        var untar = Shell.Run("tar", ["-xf", archive, "-C", layout]);
        Assert.True(untar.ExitCode == 0, untar.Stderr);
        var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json"))).RootElement;
        var entry = Assert.Single(index.GetProperty("manifests").EnumerateArray());
        var tag = entry.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString()!;
        var manifest = Blob(layout, entry.GetProperty("digest").GetString()!);
        var config = Blob(layout, manifest.GetProperty("config").GetProperty("digest").GetString()!);
        var bundle = Path.Combine(_tree.Root, "bundle");
        var unpack = Shell.Run("umoci", ["unpack", "--rootless", "--image", $"{layout}:{tag}", bundle]);
        Assert.True(unpack.ExitCode == 0, unpack.Stderr);
        return (bundle, config, manifest);
    }

    private static JsonElement Blob(string layout, string digest) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]))).RootElement.Clone();

    private static ShellRun RunEntrypoint(string bundle, params string[] args)
    {
        var rootfs = Path.Combine(bundle, "rootfs");
        var libs = Path.Combine(rootfs, "usr/lib/x86_64-linux-gnu");
        return Shell.Run(Path.Combine(libs, "ld-linux-x86-64.so.2"), ["--library-path", libs, Path.Combine(rootfs, "usr/local/bin/stockade"), .. args]);
    }

    [Fact]
    public void Config_runs_the_binary_as_a_non_root_user_with_the_OCI_labels()
    {
        if (Unpack() is not var (_, config, manifest)) return;
        var c = config.GetProperty("config");
        Assert.Equal("10001:10001", c.GetProperty("User").GetString());
        Assert.Equal(["/usr/local/bin/stockade"], c.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        var labels = c.GetProperty("Labels");
        foreach (var key in new[] { "source", "version", "revision", "licenses" })
        {
            Assert.False(string.IsNullOrEmpty(labels.GetProperty($"org.opencontainers.image.{key}").GetString()), key);
            Assert.False(string.IsNullOrEmpty(manifest.GetProperty("annotations").GetProperty($"org.opencontainers.image.{key}").GetString()), key);
        }
        Assert.Equal("linux", config.GetProperty("os").GetString());
        Assert.Equal("amd64", config.GetProperty("architecture").GetString());
    }

    [Fact]
    public void Rootfs_has_no_shell_and_root_owned_read_only_binary()
    {
        if (Unpack() is not var (bundle, _, _)) return;
        var rootfs = Path.Combine(bundle, "rootfs");
        foreach (var shell in new[] { "bin/sh", "bin/bash", "usr/bin/sh", "usr/bin/bash", "bin/busybox" })
            Assert.False(File.Exists(Path.Combine(rootfs, shell)), shell);
        // The shared objects are executable as Debian ships them; /lib and /lib64 link to usr/lib.
        var executables = Directory.EnumerateFiles(rootfs, "*", SearchOption.AllDirectories)
            .Where(Shell.IsExecutable).Select(f => Path.GetRelativePath(rootfs, f))
            .Where(f => !f.StartsWith("usr/lib/", StringComparison.Ordinal) && !f.StartsWith("lib/", StringComparison.Ordinal) && !f.StartsWith("lib64/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["usr/local/bin/stockade"], executables);
        Assert.True(File.Exists(Path.Combine(rootfs, "etc/ssl/certs/ca-certificates.crt")));
        Assert.True(File.Exists(Path.Combine(rootfs, "usr/lib/x86_64-linux-gnu/libssl.so.3")));
    }

    [Fact]
    public void Entrypoint_scans_an_example_with_the_image_libraries()
    {
        if (Unpack() is not var (bundle, _, _)) return;
        var example = Path.Combine(_tree.Root, "pod.yaml");
        File.WriteAllText(example, """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
                - name: web
                  image: nginx
                  securityContext: {privileged: true}
            """);
        var run = RunEntrypoint(bundle, "scan", "--no-config", "--profile", "restricted", "--format", "json", example);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains("privileged", run.Stdout);
        var version = RunEntrypoint(bundle, "--version");
        Assert.True(version.ExitCode == 0, version.Stderr);
    }
}
