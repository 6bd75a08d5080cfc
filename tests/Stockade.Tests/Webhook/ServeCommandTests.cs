using Stockade.Tests.Cli;

namespace Stockade.Tests.Webhook;

public class ServeCommandTests
{
    [Fact]
    public async Task Help_lists_the_routes()
    {
        var run = await CliHarness.Run("serve", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("/validate/{profile}", run.Stdout);
        Assert.Contains("/mutate/psp", run.Stdout);
    }

    [Theory]
    [InlineData(new string[0], "serve needs --cert FILE and --key FILE")]
    [InlineData(new[] { "--cert", "/nonexistent/tls.crt", "--key", "/nonexistent/tls.key" }, "--cert /nonexistent/tls.crt: no such file")]
    [InlineData(new[] { "extra" }, "serve takes no arguments")]
    public async Task Usage_errors_exit_2(string[] args, string message)
    {
        var run = await CliHarness.Run(["serve", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task Bad_listen_address_and_unloadable_certificate_exit_2()
    {
        using var tree = new TempTree();
        var cert = tree.Write("tls.crt", "not a certificate");
        var key = tree.Write("tls.key", "not a key");
        var listen = await CliHarness.Run("serve", "--cert", cert, "--key", key, "--listen", "somewhere");
        Assert.Equal(2, listen.ExitCode);
        Assert.Contains("--listen: \"somewhere\" is not ADDRESS:PORT", listen.Stderr);
        var unloadable = await CliHarness.Run("serve", "--cert", cert, "--key", key, "--listen", "127.0.0.1:0");
        Assert.Equal(2, unloadable.ExitCode);
        Assert.Contains("cannot load certificate", unloadable.Stderr);
    }

    [Fact]
    public async Task Invalid_configuration_at_start_exits_2_with_its_position()
    {
        using var tree = new TempTree();
        using var pki = new TestPki();
        var (_, certPem, keyPem) = pki.Issue("s");
        var cert = tree.Write("tls.crt", certPem);
        var key = tree.Write("tls.key", keyPem);
        var config = tree.Write("config.yaml", "defaultMode: enforce\nworkloads: sometimes\n");
        var run = await CliHarness.Run("serve", "--cert", cert, "--key", key, "--listen", "127.0.0.1:0", "--config", config);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("config.yaml:2:12: workloads: \"sometimes\" is not enforce, warn, audit or ignore", run.Stderr);
    }
}
