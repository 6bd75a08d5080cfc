using System.Diagnostics;
using System.Text;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;
using static Stockade.Tests.Hostile.MisbehavingApiServer;

namespace Stockade.Tests.Hostile;

/// <summary>
/// <c>stockade audit</c> against API servers that misbehave: every broken answer ends in a clear
/// error naming the resource (exit 2), never a crash, a hang or unbounded memory, and what could
/// be read is still audited.
/// </summary>
public class HostileApiServerTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string PrivilegedDeployment = """
        {"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"7"},"items":[
          {"metadata":{"name":"miner","namespace":"shop","uid":"d1"},
           "spec":{"selector":{"matchLabels":{"app":"m"}},"template":{"metadata":{"labels":{"app":"m"}},
             "spec":{"containers":[{"name":"m","image":"miner:1","securityContext":{"privileged":true}}]}}}}]}
        """;

    private const string PrivilegedPod = """{"metadata":{"name":"p","namespace":"shop","uid":"UID"},"spec":{"containers":[{"name":"c","image":"x:1","securityContext":{"privileged":true}}]}}""";

    /// <summary>Deployments answer properly; pods are answered by <paramref name="pods"/>; everything else is an empty list.</summary>
    private static Func<string, Stream, CancellationToken, Task> Cluster(Func<string, Stream, CancellationToken, Task> pods) => async (target, stream, ct) =>
    {
        if (target.StartsWith("/api/v1/pods", StringComparison.Ordinal)) await pods(target, stream, ct);
        else if (target.StartsWith("/apis/apps/v1/deployments", StringComparison.Ordinal)) await Respond(stream, 200, "application/json", PrivilegedDeployment);
        else await Respond(stream, 200, "application/json", EmptyList);
    };

    private async Task<CliRun> Audit(MisbehavingApiServer server, params string[] extra)
    {
        var kubeconfig = _tree.Write("kubeconfig-" + Guid.NewGuid().ToString("N"), ReplayServer.Kubeconfig(server.Url));
        return await Run(["audit", "--no-config", "--kubeconfig", kubeconfig, "--context", "replay", "--format", "json", "--fail-on", "none", .. extra]);
    }

    private static void AssertStillAudited(CliRun run) =>
        Assert.Contains("cluster://shop/deployment/miner", run.Stdout);

    [Fact]
    public async Task Invalid_json_with_status_200_is_an_error_for_that_resource_and_the_rest_is_audited()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) => Respond(s, 200, "application/json", """{"kind":"PodList","items":[{"metadata":{"name":"x"},""")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: not audited: pods", run.Stderr);
        Assert.Contains("the body is not valid JSON (Expected start of a property name or value, but instead reached end of data)", run.Stderr);
        AssertStillAudited(run);
    }

    [Fact]
    public async Task An_html_page_with_status_200_is_an_error_that_quotes_it()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) => Respond(s, 200, "text/html", "<html><title>Proxy login</title></html>")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("answered HTTP 200 with text/html, not JSON", run.Stderr);
        Assert.Contains("Proxy login", run.Stderr);
        AssertStillAudited(run);
    }

    [Fact]
    public async Task An_html_page_labelled_json_is_an_error_not_a_crash()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) => Respond(s, 200, "application/json", "<html>bad gateway</html>")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not valid JSON", run.Stderr);
        AssertStillAudited(run);
    }

    [Fact]
    public async Task A_body_that_is_not_a_list_is_an_error()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) => Respond(s, 200, "application/json", """{"kind":"Pod","metadata":{"name":"x"}}""")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no items array", run.Stderr);
    }

    [Fact]
    public async Task A_body_that_never_ends_stops_at_the_page_timeout_and_keeps_what_was_read()
    {
        using var server = new MisbehavingApiServer(Cluster(async (_, s, ct) =>
        {
            await ChunkedHead(s);
            await Chunk(s, """{"kind":"PodList","metadata":{},"items":[""" + PrivilegedPod.Replace("UID", "u1"));
            while (!ct.IsCancellationRequested)
            {
                await Chunk(s, "          ");
                await Task.Delay(20, ct);
            }
        }));
        var clock = Stopwatch.StartNew();
        var run = await Audit(server, "--request-timeout", "2s");
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 60);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("was not complete within 2 s", run.Stderr);
        Assert.Contains("1 read before that were audited", run.Stderr);
        Assert.Contains("cluster://shop/pod/p", run.Stdout);
        AssertStillAudited(run);
    }

    [Fact]
    public async Task An_endless_stream_of_items_stops_at_the_object_limit()
    {
        using var server = new MisbehavingApiServer(Cluster(async (_, s, ct) =>
        {
            await ChunkedHead(s);
            await Chunk(s, """{"kind":"PodList","metadata":{},"items":[""" + PrivilegedPod.Replace("UID", "u0"));
            for (var i = 1; !ct.IsCancellationRequested; i++) await Chunk(s, "," + PrivilegedPod.Replace("UID", $"u{i}"));
        }));
        var run = await Audit(server, "--max-objects", "200");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("more than 200 objects", run.Stderr);
        AssertStillAudited(run);
    }

    [Fact]
    public async Task A_continue_token_that_never_ends_stops_at_the_page_limit()
    {
        var page = 0;
        using var server = new MisbehavingApiServer(Cluster((_, s, _) =>
            Respond(s, 200, "application/json", $$"""{"kind":"PodList","metadata":{"continue":"c{{Interlocked.Increment(ref page)}}"},"items":[]}""")));
        var run = await Audit(server, "--max-objects", "100", "--page-size", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kept returning pages: gave up after 1000 pages", run.Stderr);
        AssertStillAudited(run);
    }

    [Fact]
    public async Task A_continue_token_returned_twice_is_an_error_at_once()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) =>
            Respond(s, 200, "application/json", """{"kind":"PodList","metadata":{"continue":"same"},"items":[]}""")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("continue token it had returned before", run.Stderr);
        Assert.InRange(server.Requests, 1, 40);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_unreachable_after_the_timeout()
    {
        using var server = new MisbehavingApiServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        var run = await Audit(server, "--request-timeout", "1s");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("got no answer within 1 s", run.Stderr);
    }

    [Fact]
    public async Task A_status_body_with_200_is_an_error()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) =>
            Respond(s, 200, "application/json", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcdserver: request timed out","code":500}""")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("etcdserver: request timed out", run.Stderr);
    }

    [Fact]
    public async Task A_server_error_is_an_error_not_a_warning()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) =>
            Respond(s, 500, "application/json", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"internal error","code":500}""")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: not audited: pods: HTTP 500: internal error", run.Stderr);
    }

    [Fact]
    public async Task Invalid_utf8_inside_an_item_does_not_crash_the_audit()
    {
        var prefix = Encoding.UTF8.GetBytes("""{"kind":"PodList","metadata":{},"items":[{"metadata":{"name":"bad""");
        var body = prefix.Concat(new byte[] { 0xff, 0xfe }).Concat(Encoding.UTF8.GetBytes("\",\"namespace\":\"shop\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}]}")).ToArray();
        using var server = new MisbehavingApiServer(Cluster((_, s, _) => Respond(s, 200, "application/json", body)));
        var run = await Audit(server);
        Assert.NotEqual(0, run.ExitCode);
        AssertStillAudited(run);
    }

    [Fact]
    public async Task Page_size_over_the_bound_is_a_usage_error()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) => Respond(s, 200, "application/json", EmptyList)));
        var run = await Audit(server, "--page-size", "100000");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--page-size: at most 10000", run.Stderr);
    }

    [Fact]
    public async Task A_status_message_with_terminal_escapes_is_escaped_on_stderr()
    {
        using var server = new MisbehavingApiServer(Cluster((_, s, _) =>
            Respond(s, 500, "application/json", "{\"kind\":\"Status\",\"message\":\"\\u001b[2K\\rstockade: 0 findings\",\"code\":500}")));
        var run = await Audit(server);
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("\u001b", run.Stderr);
        Assert.Contains("\\u001B[2K\\u000Dstockade: 0 findings", run.Stderr);
    }
}
