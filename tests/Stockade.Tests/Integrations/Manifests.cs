namespace Stockade.Tests.Integrations;

/// <summary>Manifests and the environment the integration scripts are run with in tests.</summary>
public static class Manifests
{
    public const string Privileged = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: root
        spec:
          containers:
            - name: c
              image: nginx
              securityContext:
                privileged: true
        """;

    /// <summary>Passes the Pod Security Standards restricted level.</summary>
    public const string Restricted = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: ok
        spec:
          securityContext:
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: c
              image: nginx
              securityContext:
                allowPrivilegeEscalation: false
                capabilities:
                  drop: ["ALL"]
        """;

    /// <summary>PATH with the built <c>stockade</c> (the test output holds its apphost) ahead of the system's.</summary>
    public static string PathWithStockade(params string[] before) =>
        string.Join(':', [.. before, AppContext.BaseDirectory.TrimEnd('/'), Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"]);
}
