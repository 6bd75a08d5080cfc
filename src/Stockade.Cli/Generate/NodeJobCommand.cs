using Stockade.Cli.Options;

namespace Stockade.Cli.Generate;

/// <summary>
/// <c>stockade generate node-job</c>: a Job that runs <c>stockade node</c> on one node with the
/// node's paths mounted read-only (as kube-bench's job.yaml does), hardened as our own profile
/// asks except for what reading the node needs, each exemption written beside it with its reason.
/// </summary>
internal static class NodeJobCommand
{
    internal static readonly CommandSpec Spec = new(
        "node-job",
        "a Job running `stockade node` on a node, its paths mounted read-only",
        "stockade generate node-job [options] > stockade-node-job.yaml",
        """
        Writes a ServiceAccount (no token) and a Job that runs `stockade node --root /host --proc /proc` on a node: the node's Kubernetes
        paths mounted read-only under /host, hostPID for the running components' /proc/PID/cmdline.
        Read the report with `kubectl logs job/NAME`; the Job fails when the report does (exit 1 or 2).
        """,
        [
            new OptionGroup("Options", [
                CommonOptions.Namespace,
                CliOption.Value("--name", "NAME", "default stockade-node") with { Docs = "default `stockade-system`, `stockade-node`" },
                CommonOptions.Image,
                CliOption.Value("--node", "NODE", "run on this node (spec.nodeName); default: wherever the scheduler puts it") with { Docs = "`spec.nodeName`: run on that node" },
                CliOption.Flag("--control-plane", "run on a control-plane node (node-role.kubernetes.io/control-plane, tolerated)") with { Docs = "select and tolerate `node-role.kubernetes.io/control-plane`" },
                CliOption.Value("--format", "FORMAT", "the report's format (default text)") with { Docs = "the report's format in the Job's log (default text)" },
                CliOption.Value("--output", "FILE", "write the Job to FILE instead of stdout", "-o"),
            ]),
        ],
        "");

    /// <summary>
    /// The node paths the checks read, mounted read-only at /host + path. Paths every kubeadm node
    /// has are typed (the pod does not start without them, rather than pass on an empty mount);
    /// the others (etcd and CNI on workers, one of the systemd folders) are untyped, as kube-bench's are.
    /// </summary>
    internal static readonly (string Name, string Path, string Type)[] Mounts =
    [
        ("etc-kubernetes", "/etc/kubernetes", "Directory"),
        ("var-lib-kubelet", "/var/lib/kubelet", "Directory"),
        ("var-lib-etcd", "/var/lib/etcd", ""),
        ("etc-cni", "/etc/cni/net.d", ""),
        ("var-lib-cni", "/var/lib/cni", ""),
        ("etc-systemd", "/etc/systemd/system", "Directory"),
        ("lib-systemd", "/lib/systemd/system", ""),
        ("usr-lib-systemd", "/usr/lib/systemd/system", ""),
        ("etc-passwd", "/etc/passwd", "File"),
        ("etc-group", "/etc/group", "File"),
    ];

    private static readonly HashSet<string> FlagOptions = ["--help", "--control-plane"];

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"generate node-job takes no arguments (got \"{a.Positionals[0]}\")");
        var format = ScanCommand.Reporter(a.Value("--format")).Format;
        var yaml = Render(a.Value("--namespace") ?? "stockade-system", a.Value("--name") ?? "stockade-node",
            a.Value("--image") ?? WebhookManifestSettings.DefaultImage, a.Value("--node"), a.Flag("--control-plane"), format);
        return GenerateCommand.Emit(yaml, a.Value("--output"), stdout, stderr);
    }

    internal static string Render(string ns, string name, string image, string? node, bool controlPlane, string format)
    {
        var volumes = string.Join("\n", Mounts.Select(m =>
            $"        - name: {m.Name}\n          hostPath:\n            path: {m.Path}" + (m.Type == "" ? "" : $"\n            type: {m.Type}")));
        var mounts = string.Join("\n", Mounts.Select(m => $"""
                      - name: {m.Name}
                        mountPath: /host{m.Path}
                        readOnly: true
            """));
        var placement = (node != null ? $"      nodeName: {node}\n" : "") + "      nodeSelector:\n        kubernetes.io/os: linux\n";
        if (controlPlane)
        {
            placement += """
                        node-role.kubernetes.io/control-plane: ""
                      tolerations:
                        - key: node-role.kubernetes.io/control-plane
                          operator: Exists
                          effect: NoSchedule

                """;
        }
        return $"""
            # stockade node on one node: CIS Kubernetes Benchmark v1.10 1.1 and 4.1 file checks, and the
            # running components' flags. Read the report: kubectl -n {ns} logs job/{name}
            # Its own ServiceAccount, without a token: the checks read the node's disk, not the API.
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: {name}
              namespace: {ns}
            automountServiceAccountToken: false
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: {name}
              namespace: {ns}
              labels:
                app.kubernetes.io/name: {name}
            spec:
              backoffLimit: 0
              ttlSecondsAfterFinished: 86400
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: {name}
                  annotations:
                    exempt.stockade.dev/host-pid: "reads /proc/PID/cmdline of the node's kube-apiserver, etcd and kubelet: their flags are only visible in the node's PID namespace"
                    exempt.stockade.dev/host-path-volume: "the node's files are what is checked: each path is mounted read-only, none is written"
                    exempt.stockade.dev/host-path-sensitive: "the modes and owners of the node's Kubernetes files are what is checked; every mount is readOnly and the container keeps no capability"
                    exempt.stockade.dev/run-as-root: "CIS asks for root-owned 0600 files (the kubelet's config.yaml); only their owner, root, can read them. No capability is kept, so root here cannot read files other users own"
                spec:
                  restartPolicy: Never
                  hostPID: true
                  serviceAccountName: {name}
                  automountServiceAccountToken: false
            {placement}      securityContext:
                    runAsUser: 0
                    runAsGroup: 65534
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: stockade
                      image: {image}
                      args: ["node", "--root", "/host", "--proc", "/proc", "--format", "{format}", "--no-config"]
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop: ["ALL"]
                      resources:
                        requests:
                          cpu: 50m
                          memory: 64Mi
                        limits:
                          cpu: 500m
                          memory: 256Mi
                      volumeMounts:
            {mounts}
                  volumes:
            {volumes}

            """;
    }
}
