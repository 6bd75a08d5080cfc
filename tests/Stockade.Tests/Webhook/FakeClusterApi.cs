using System.Net;

namespace Stockade.Tests.Webhook;

/// <summary>
/// One API server on 127.0.0.1 with both parts serve asks of its cluster, SubjectAccessReviews and
/// Namespaces, answered by the two fakes given (which the caller owns), for a serve process that is
/// given one kubeconfig.
/// </summary>
public sealed class FakeClusterApi(FakeAuthorizationApi authorization, FakeNamespaceApi namespaces) : LoopbackApi
{
    protected override Task Respond(HttpListenerContext context, CancellationToken stop) =>
        context.Request.Url!.AbsolutePath.StartsWith("/apis/authorization.k8s.io/", StringComparison.Ordinal)
            ? authorization.Answer(context, stop)
            : namespaces.Answer(context, stop);
}
