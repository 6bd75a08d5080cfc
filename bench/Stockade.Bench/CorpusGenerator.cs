using System.Text;

namespace Stockade.Bench;

/// <summary>
/// Writes a seeded, repeatable corpus shaped like what <c>helm template</c> prints for many
/// releases: every release renders a ServiceAccount, a ConfigMap, a Service and one workload
/// (Deployment, StatefulSet, DaemonSet, CronJob, Job or bare Pod), each document introduced by
/// <c>---</c> and a <c># Source:</c> comment. About a third of the workloads are hardened, the
/// rest carry the usual mistakes (root, privileged, hostPath, no limits), so the rules have work.
/// </summary>
public sealed class CorpusGenerator
{
    private static readonly string[] Teams = ["payments", "search", "checkout", "identity", "media", "ledger", "ingest", "billing", "notify", "catalog"];
    private static readonly string[] Components = ["api", "worker", "web", "cache", "gateway", "indexer", "scheduler", "exporter", "proxy", "sync"];
    private static readonly string[] Registries = ["registry.example.com", "ghcr.io/acme", "docker.io/library", "quay.io/acme", "123456789012.dkr.ecr.eu-west-1.amazonaws.com"];
    private static readonly string[] Images = ["nginx", "redis", "envoy", "app", "python", "node", "busybox", "postgres", "fluent-bit", "otel-collector"];
    private static readonly string[] SidecarNames = ["envoy", "log-shipper", "metrics", "vault-agent", "cloud-sql-proxy"];
    private static readonly string[] WorkloadKinds = ["Deployment", "Deployment", "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod"];

    private readonly Random _random;
    private readonly StringBuilder _sb = new(8192);

    public CorpusGenerator(int seed) => _random = new Random(seed);

    /// <summary>Length in bytes of the largest document written so far.</summary>
    public int LargestDocumentBytes { get; private set; }

    /// <summary>Renders release number <paramref name="release"/> (four objects) as helm prints it.</summary>
    public string RenderRelease(int release, int objectsWanted)
    {
        var team = Pick(Teams);
        var component = Pick(Components);
        var name = $"{team}-{component}-{release}";
        var ns = $"{team}-{(release % 7 == 0 ? "staging" : "prod")}";
        var chart = $"{team}-{component}";
        var kind = Pick(WorkloadKinds);
        var renderers = new List<Func<string>>
        {
            () => ServiceAccount(name, ns, chart),
            () => ConfigMap(name, ns, chart),
            () => Service(name, ns, chart),
            () => Workload(kind, name, ns, chart),
        };
        var output = new StringBuilder();
        for (var i = 0; i < Math.Min(objectsWanted, renderers.Count); i++)
        {
            // The workload is the interesting object: render it first when the release is cut short.
            var doc = renderers[(i + 3) % renderers.Count]();
            LargestDocumentBytes = Math.Max(LargestDocumentBytes, Encoding.UTF8.GetByteCount(doc));
            output.Append(doc);
        }
        return output.ToString();
    }

    private string Pick(string[] options) => options[_random.Next(options.Length)];
    private bool Chance(double p) => _random.NextDouble() < p;

    private StringBuilder Begin(string chart, string template)
    {
        _sb.Clear();
        _sb.Append("---\n# Source: ").Append(chart).Append("/templates/").Append(template).Append('\n');
        return _sb;
    }

    private void Metadata(StringBuilder sb, string name, string ns, string chart, string indent = "")
    {
        sb.Append(indent).Append("metadata:\n");
        sb.Append(indent).Append("  name: ").Append(name).Append('\n');
        sb.Append(indent).Append("  namespace: ").Append(ns).Append('\n');
        Labels(sb, name, chart, indent + "  ");
    }

    private static void Labels(StringBuilder sb, string name, string chart, string indent)
    {
        sb.Append(indent).Append("labels:\n");
        sb.Append(indent).Append("  helm.sh/chart: ").Append(chart).Append("-1.4.2\n");
        sb.Append(indent).Append("  app.kubernetes.io/name: ").Append(chart).Append('\n');
        sb.Append(indent).Append("  app.kubernetes.io/instance: ").Append(name).Append('\n');
        sb.Append(indent).Append("  app.kubernetes.io/version: \"1.4.2\"\n");
        sb.Append(indent).Append("  app.kubernetes.io/managed-by: Helm\n");
    }

    /// <summary>The two labels helm charts put on pod templates and selectors.</summary>
    private static void SelectorLabels(StringBuilder sb, string name, string chart, string indent)
    {
        sb.Append(indent).Append("labels:\n");
        sb.Append(indent).Append("  app.kubernetes.io/name: ").Append(chart).Append('\n');
        sb.Append(indent).Append("  app.kubernetes.io/instance: ").Append(name).Append('\n');
    }

    private string ServiceAccount(string name, string ns, string chart)
    {
        var sb = Begin(chart, "serviceaccount.yaml");
        sb.Append("apiVersion: v1\nkind: ServiceAccount\n");
        Metadata(sb, name, ns, chart);
        if (Chance(0.5)) sb.Append("automountServiceAccountToken: false\n");
        return sb.ToString();
    }

    private string ConfigMap(string name, string ns, string chart)
    {
        var sb = Begin(chart, "configmap.yaml");
        sb.Append("apiVersion: v1\nkind: ConfigMap\n");
        Metadata(sb, name + "-config", ns, chart);
        sb.Append("data:\n");
        sb.Append("  LOG_LEVEL: ").Append(Chance(0.8) ? "info" : "debug").Append('\n');
        sb.Append("  FEATURE_FLAGS: \"checkout-v2,fast-path\"\n");
        sb.Append("  MAX_CONNECTIONS: \"").Append(_random.Next(10, 500)).Append("\"\n");
        sb.Append("  app.properties: |\n");
        for (var i = 0; i < _random.Next(2, 6); i++)
        {
            sb.Append("    setting.").Append(i).Append(".value=").Append(_random.Next(1000, 99999)).Append('\n');
        }
        return sb.ToString();
    }

    private string Service(string name, string ns, string chart)
    {
        var sb = Begin(chart, "service.yaml");
        sb.Append("apiVersion: v1\nkind: Service\n");
        Metadata(sb, name, ns, chart);
        sb.Append("spec:\n  type: ").Append(Chance(0.9) ? "ClusterIP" : "NodePort").Append('\n');
        sb.Append("  ports:\n    - port: 80\n      targetPort: http\n      protocol: TCP\n      name: http\n");
        sb.Append("  selector:\n    app.kubernetes.io/name: ").Append(chart).Append("\n    app.kubernetes.io/instance: ").Append(name).Append('\n');
        return sb.ToString();
    }

    private string Workload(string kind, string name, string ns, string chart)
    {
        var sb = Begin(chart, kind.ToLowerInvariant() + ".yaml");
        var hardened = Chance(0.35);
        switch (kind)
        {
            case "Pod":
                sb.Append("apiVersion: v1\nkind: Pod\n");
                Metadata(sb, name, ns, chart);
                sb.Append("spec:\n");
                PodSpec(sb, name, chart, hardened, "  ");
                break;
            case "CronJob":
                sb.Append("apiVersion: batch/v1\nkind: CronJob\n");
                Metadata(sb, name, ns, chart);
                sb.Append("spec:\n  schedule: \"").Append(_random.Next(60)).Append(" */").Append(_random.Next(1, 12)).Append(" * * *\"\n");
                sb.Append("  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 3\n      template:\n");
                Template(sb, name, chart, hardened, "        ", "OnFailure");
                break;
            case "Job":
                sb.Append("apiVersion: batch/v1\nkind: Job\n");
                Metadata(sb, name, ns, chart);
                sb.Append("spec:\n  backoffLimit: 4\n  template:\n");
                Template(sb, name, chart, hardened, "    ", "Never");
                break;
            default:
                sb.Append("apiVersion: apps/v1\nkind: ").Append(kind).Append('\n');
                Metadata(sb, name, ns, chart);
                sb.Append("spec:\n");
                if (kind != "DaemonSet") sb.Append("  replicas: ").Append(_random.Next(1, 6)).Append('\n');
                if (kind == "StatefulSet") sb.Append("  serviceName: ").Append(name).Append('\n');
                sb.Append("  selector:\n    matchLabels:\n      app.kubernetes.io/name: ").Append(chart)
                  .Append("\n      app.kubernetes.io/instance: ").Append(name).Append('\n');
                sb.Append("  template:\n");
                Template(sb, name, chart, hardened, "    ", null);
                break;
        }
        return sb.ToString();
    }

    private void Template(StringBuilder sb, string name, string chart, bool hardened, string indent, string? restartPolicy)
    {
        sb.Append(indent).Append("metadata:\n");
        SelectorLabels(sb, name, chart, indent + "  ");
        sb.Append(indent).Append("  annotations:\n");
        sb.Append(indent).Append("    checksum/config: ").Append(_random.NextInt64().ToString("x16")).Append(_random.NextInt64().ToString("x16")).Append('\n');
        sb.Append(indent).Append("spec:\n");
        if (restartPolicy != null) sb.Append(indent).Append("  restartPolicy: ").Append(restartPolicy).Append('\n');
        PodSpec(sb, name, chart, hardened, indent + "  ");
    }

    private void PodSpec(StringBuilder sb, string name, string chart, bool hardened, string i)
    {
        sb.Append(i).Append("serviceAccountName: ").Append(name).Append('\n');
        if (hardened)
        {
            sb.Append(i).Append("automountServiceAccountToken: false\n");
            sb.Append(i).Append("securityContext:\n");
            sb.Append(i).Append("  runAsNonRoot: true\n");
            sb.Append(i).Append("  runAsUser: ").Append(_random.Next(1000, 65000)).Append('\n');
            sb.Append(i).Append("  runAsGroup: 3000\n");
            sb.Append(i).Append("  fsGroup: 2000\n");
            sb.Append(i).Append("  seccompProfile:\n");
            sb.Append(i).Append("    type: RuntimeDefault\n");
        }
        else if (Chance(0.3))
        {
            sb.Append(i).Append("hostNetwork: true\n");
            if (Chance(0.5)) sb.Append(i).Append("hostPID: true\n");
        }
        // Most pods run one container; some carry one or two sidecars.
        var containers = Chance(0.6) ? 1 : Chance(0.75) ? 2 : 3;
        sb.Append(i).Append("containers:\n");
        for (var c = 0; c < containers; c++) Container(sb, c == 0 ? chart : Pick(SidecarNames), hardened, i + "  ", c == 0);
        Volumes(sb, name, hardened, i);
    }

    private void Container(StringBuilder sb, string name, bool hardened, string i, bool main)
    {
        var image = $"{Pick(Registries)}/{Pick(Images)}:{(Chance(0.1) ? "latest" : $"1.{_random.Next(30)}.{_random.Next(10)}")}";
        if (hardened && Chance(0.7)) image = image[..image.LastIndexOf(':')] + "@sha256:" + _random.NextInt64().ToString("x16") + _random.NextInt64().ToString("x16") + _random.NextInt64().ToString("x16") + _random.NextInt64().ToString("x16");
        sb.Append(i).Append("- name: ").Append(name).Append('\n');
        var c = i + "  ";
        sb.Append(c).Append("image: \"").Append(image).Append("\"\n");
        sb.Append(c).Append("imagePullPolicy: ").Append(Chance(0.5) ? "IfNotPresent" : "Always").Append('\n');
        if (main)
        {
            sb.Append(c).Append("args:\n");
            sb.Append(c).Append("  - --port=8080\n");
            sb.Append(c).Append("  - --log-format=json\n");
        }
        sb.Append(c).Append("ports:\n");
        sb.Append(c).Append("  - name: http\n");
        sb.Append(c).Append("    containerPort: ").Append(main ? 8080 : _random.Next(9000, 9999)).Append('\n');
        sb.Append(c).Append("    protocol: TCP\n");
        sb.Append(c).Append("env:\n");
        for (var e = 0; e < _random.Next(1, 5); e++)
        {
            sb.Append(c).Append("  - name: ENV_VAR_").Append(e).Append('\n');
            sb.Append(c).Append("    value: \"").Append(_random.Next(100000)).Append("\"\n");
        }
        sb.Append(c).Append("  - name: POD_NAMESPACE\n");
        sb.Append(c).Append("    valueFrom:\n");
        sb.Append(c).Append("      fieldRef:\n");
        sb.Append(c).Append("        fieldPath: metadata.namespace\n");
        if (hardened || Chance(0.5))
        {
            sb.Append(c).Append("resources:\n");
            sb.Append(c).Append("  requests:\n");
            sb.Append(c).Append("    cpu: ").Append(_random.Next(1, 10) * 50).Append("m\n");
            sb.Append(c).Append("    memory: ").Append(_random.Next(1, 16) * 64).Append("Mi\n");
            sb.Append(c).Append("  limits:\n");
            sb.Append(c).Append("    cpu: \"").Append(_random.Next(1, 4)).Append("\"\n");
            sb.Append(c).Append("    memory: ").Append(_random.Next(1, 8)).Append("Gi\n");
        }
        if (main)
        {
            Probe(sb, "livenessProbe", c);
            Probe(sb, "readinessProbe", c);
        }
        sb.Append(c).Append("volumeMounts:\n");
        sb.Append(c).Append("  - name: config\n");
        sb.Append(c).Append("    mountPath: /etc/app\n");
        sb.Append(c).Append("    readOnly: true\n");
        sb.Append(c).Append("  - name: tmp\n");
        sb.Append(c).Append("    mountPath: /tmp\n");
        if (hardened)
        {
            sb.Append(c).Append("securityContext:\n");
            sb.Append(c).Append("  allowPrivilegeEscalation: false\n");
            sb.Append(c).Append("  readOnlyRootFilesystem: true\n");
            sb.Append(c).Append("  capabilities:\n");
            sb.Append(c).Append("    drop:\n");
            sb.Append(c).Append("      - ALL\n");
        }
        else if (Chance(0.6))
        {
            sb.Append(c).Append("securityContext:\n");
            if (Chance(0.3)) sb.Append(c).Append("  privileged: true\n");
            if (Chance(0.5)) sb.Append(c).Append("  runAsUser: 0\n");
            if (Chance(0.4)) sb.Append(c).Append("  allowPrivilegeEscalation: true\n");
            sb.Append(c).Append("  capabilities:\n");
            sb.Append(c).Append("    add:\n");
            sb.Append(c).Append("      - ").Append(Chance(0.5) ? "NET_ADMIN" : "SYS_ADMIN").Append('\n');
        }
    }

    private void Probe(StringBuilder sb, string kind, string c)
    {
        sb.Append(c).Append(kind).Append(":\n");
        sb.Append(c).Append("  httpGet:\n");
        sb.Append(c).Append("    path: /").Append(kind == "livenessProbe" ? "healthz" : "ready").Append('\n');
        sb.Append(c).Append("    port: http\n");
        sb.Append(c).Append("  initialDelaySeconds: ").Append(_random.Next(0, 30)).Append('\n');
        sb.Append(c).Append("  periodSeconds: 10\n");
    }

    private void Volumes(StringBuilder sb, string name, bool hardened, string i)
    {
        sb.Append(i).Append("volumes:\n");
        sb.Append(i).Append("  - name: config\n");
        sb.Append(i).Append("    configMap:\n");
        sb.Append(i).Append("      name: ").Append(name).Append("-config\n");
        sb.Append(i).Append("  - name: tmp\n");
        sb.Append(i).Append("    emptyDir:\n");
        sb.Append(i).Append("      sizeLimit: 64Mi\n");
        if (Chance(0.5))
        {
            sb.Append(i).Append("  - name: credentials\n");
            sb.Append(i).Append("    secret:\n");
            sb.Append(i).Append("      secretName: ").Append(name).Append("-credentials\n");
            sb.Append(i).Append("      defaultMode: 0400\n");
        }
        if (!hardened && Chance(0.2))
        {
            sb.Append(i).Append("  - name: host-logs\n");
            sb.Append(i).Append("    hostPath:\n");
            sb.Append(i).Append("      path: ").Append(Chance(0.5) ? "/var/log" : "/var/run/docker.sock").Append('\n');
        }
    }
}
