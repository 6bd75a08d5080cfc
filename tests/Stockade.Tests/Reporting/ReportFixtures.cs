using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Reporting;

namespace Stockade.Tests.Reporting;

/// <summary>Scans several named files at once and renders results through a reporter.</summary>
public static class ReportFixtures
{
    public static readonly DateOnly Today = new(2026, 11, 24);

    public static ScanResult Scan(IEnumerable<(string Name, string Yaml)> files, StockadeConfig? config = null, Severity? failOn = Severity.High) =>
        new Scanner(new ScanOptions
        {
            Profile = ProfileRegistry.Hardened,
            Config = config ?? StockadeConfig.Default,
            FailOn = failOn,
            Today = Today,
            MaxParallelism = 1,
        }).Scan(files.Select(f => new ScanInput(f.Name, () => new MemoryStream(Encoding.UTF8.GetBytes(f.Yaml)))));

    /// <summary>A scan with one input that cannot be opened: an error with no position.</summary>
    public static ScanResult ScanUnreadable(string name) =>
        new Scanner(new ScanOptions { Profile = ProfileRegistry.Hardened, Today = Today, MaxParallelism = 1 })
            .Scan([new ScanInput(name, () => throw new IOException("permission denied"))]);

    public static string Render(IReporter reporter, ScanResult result, ReportOptions? options = null)
    {
        using var stream = new MemoryStream();
        reporter.Write(result, stream, options ?? new ReportOptions());
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static StockadeConfig ConfigFrom(string yaml) => ConfigLoader.Parse(yaml, "/repo/.stockade.yaml", global::Stockade.Rules.Catalog.Ids);

    /// <summary>
    /// A pod hardened in every way but one: its container is privileged, which is reported by
    /// privileged-container (critical) and, because privilege implies escalation, by
    /// privilege-escalation-allowed (high). Nothing else fires.
    /// </summary>
    public static string PrivilegedPod(string name = "p", string annotations = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: shop
        {annotations}
        spec:
          containers:
          - name: app
            image: nginx:1.27
            securityContext:
              privileged: true
              readOnlyRootFilesystem: true
              capabilities:
                drop: ["ALL"]
            resources:
              requests:
                cpu: 100m
                memory: 64Mi
              limits:
                cpu: 100m
                memory: 64Mi
          automountServiceAccountToken: false
          nodeSelector:
            kubernetes.io/os: linux
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            runAsGroup: 10001
            seccompProfile:
              type: RuntimeDefault
          serviceAccountName: app
        """;

    /// <summary>The rules a <see cref="PrivilegedPod"/> triggers.</summary>
    public const string PrivilegeRules = "[privileged-container, privilege-escalation-allowed]";

    /// <summary>A pod hardened every way the catalogue checks, so it passes whatever rules are added.</summary>
    public const string CleanPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: clean
          namespace: shop
        spec:
          automountServiceAccountToken: false
          nodeSelector:
            kubernetes.io/os: linux
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            runAsGroup: 10001
            seccompProfile:
              type: RuntimeDefault
          containers:
          - name: app
            image: registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            securityContext:
              allowPrivilegeEscalation: false
              readOnlyRootFilesystem: true
              capabilities:
                drop: ["ALL"]
            resources:
              requests: {cpu: 100m, memory: 64Mi}
              limits: {cpu: 100m, memory: 64Mi}
          serviceAccountName: app
        """;
}
