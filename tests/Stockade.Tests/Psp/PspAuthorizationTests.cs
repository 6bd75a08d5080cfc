using System.Text.Json;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Psp;

/// <summary>
/// Which PodSecurityPolicies a pod may use (<c>--psp-authorization</c>): the classic two-policy
/// deployment — <c>privileged</c> usable by kube-system's service accounts only, <c>restricted</c>
/// by everyone — through <c>scan</c> and <c>mutate</c> as a user runs them.
/// </summary>
public class PspAuthorizationTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static string Example(string name) => Path.Combine(Reporting.RepoPaths.Root, "examples", "psp", name + ".yaml");

    private const string Rbac = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "psp:privileged"}
        rules:
        - apiGroups: [policy]
          resources: [podsecuritypolicies]
          resourceNames: [privileged]
          verbs: [use]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "psp:restricted"}
        rules:
        - apiGroups: [policy]
          resources: [podsecuritypolicies]
          resourceNames: [restricted]
          verbs: [use]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: "psp:privileged", namespace: kube-system}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "psp:privileged"}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts:kube-system"}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: "psp:restricted"}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "psp:restricted"}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated"}
        """;

    private const string PrivilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: debug, namespace: shop}
        spec:
          hostNetwork: true
          containers:
          - name: app
            image: busybox
            securityContext: {privileged: true}
        """;

    /// <summary>Admitted by the restricted example as written.</summary>
    private const string RestrictedPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
          annotations: {container.apparmor.security.beta.kubernetes.io/app: runtime/default}
        spec:
          securityContext: {runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, supplementalGroups: [1000], seccompProfile: {type: RuntimeDefault}}
          containers:
          - name: app
            image: nginx
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL]}
        """;

    private const string PrivilegedDaemonSet = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: node-agent, namespace: kube-system}
        spec:
          selector: {matchLabels: {app: node-agent}}
          template:
            metadata: {labels: {app: node-agent}}
            spec:
              serviceAccountName: node-agent
              hostNetwork: true
              hostPID: true
              containers:
              - name: agent
                image: agent
                securityContext: {privileged: true}
        """;

    private string[] Deployment()
    {
        _tree.Write("rbac.yaml", Rbac);
        _tree.Write("shop/debug.yaml", PrivilegedPod);
        _tree.Write("shop/web.yaml", RestrictedPod);
        _tree.Write("kube-system/node-agent.yaml", PrivilegedDaemonSet);
        return ["--policy", Example("privileged"), "--policy", Example("restricted")];
    }

    private static List<JsonElement> PspFindings(CliRun run, string name) =>
        JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "psp" && f.GetProperty("object").GetProperty("name").GetString() == name).ToList();

    [Fact]
    public async Task Scan_uses_only_the_policies_RBAC_in_the_input_grants_to_the_pod_service_account()
    {
        var policies = Deployment();
        var run = await Run(["scan", "--no-config", "--profile", "none", .. policies, "--format", "json", _tree.Root]);
        Assert.Equal(1, run.ExitCode);

        var debug = PspFindings(run, "debug");
        var unusable = Assert.Single(debug, f => f.GetProperty("control").GetString() == "use");
        Assert.Contains("PodSecurityPolicy \"privileged\"", unusable.GetProperty("message").GetString());
        Assert.Contains("no grant of use on podsecuritypolicy \"privileged\" for system:serviceaccount:shop:default", unusable.GetProperty("message").GetString());
        Assert.Contains("considered: \"restricted\"", unusable.GetProperty("message").GetString());
        // The pod is judged by restricted, the one policy it may use.
        Assert.Contains(debug, f => f.GetProperty("message").GetString()!.StartsWith("PodSecurityPolicy \"restricted\"", StringComparison.Ordinal) && f.GetProperty("message").GetString()!.Contains("privileged"));
        Assert.Empty(PspFindings(run, "web"));
        Assert.Empty(PspFindings(run, "node-agent"));
    }

    [Fact]
    public async Task Scan_with_psp_authorization_all_treats_every_policy_as_usable()
    {
        var policies = Deployment();
        var run = await Run(["scan", "--no-config", "--profile", "none", .. policies, "--psp-authorization", "all", "--format", "json", _tree.Root]);
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(PspFindings(run, "debug"));
    }

    [Fact]
    public async Task Scan_auto_without_RBAC_objects_uses_every_policy_and_says_so()
    {
        _tree.Write("shop/debug.yaml", PrivilegedPod);
        var run = await Run("scan", "--no-config", "--profile", "none", "--policy", Example("privileged"), "--policy", Example("restricted"), "--format", "json", _tree.Root);
        Assert.Equal(0, run.ExitCode);
        var notes = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("message").GetString()!).ToList();
        Assert.Contains(notes, n => n.StartsWith("no Role, ClusterRole, RoleBinding or ClusterRoleBinding among the inputs: every PodSecurityPolicy is treated as usable", StringComparison.Ordinal));

        var bundle = await Run("scan", "--no-config", "--profile", "none", "--policy", Example("privileged"), "--policy", Example("restricted"), "--psp-authorization", "bundle", "--format", "json", _tree.Root);
        Assert.Equal(1, bundle.ExitCode);
        Assert.Contains(PspFindings(bundle, "debug"), f => f.GetProperty("message").GetString()!.Contains("no policy is usable by the pod"));
    }

    [Fact]
    public async Task Requester_grant_makes_a_policy_usable_for_a_pod_it_creates()
    {
        var policies = Deployment();
        _tree.Write("admin.yaml", """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: "ops-privileged", namespace: shop}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "psp:privileged"}
            subjects:
            - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
            """);
        var bob = await Run(["scan", "--no-config", "--profile", "none", .. policies, "--psp-requester", "bob", "--format", "json", _tree.Root]);
        Assert.Contains(PspFindings(bob, "debug"), f => f.GetProperty("message").GetString()!.Contains("for system:serviceaccount:shop:default or bob in namespace \"shop\""));
        var alice = await Run(["scan", "--no-config", "--profile", "none", .. policies, "--psp-requester", "alice", "--format", "json", _tree.Root]);
        Assert.Equal(0, alice.ExitCode);
        Assert.Empty(PspFindings(alice, "debug"));
    }

    [Fact]
    public async Task Mutate_admits_each_pod_only_by_a_policy_its_service_account_may_use()
    {
        var policies = Deployment();
        var run = await Run(["mutate", .. policies, _tree.Root]);
        Assert.Equal(1, run.ExitCode);
        var lines = run.Stderr.Split('\n');
        Assert.Contains(lines, l => l.Contains("Pod/shop/debug: refused"));
        Assert.Contains(lines, l => l.Contains("[privileged] not usable: no grant of use on podsecuritypolicy \"privileged\" for system:serviceaccount:shop:default"));
        Assert.Contains(lines, l => l.Contains("Pod/shop/web: admitted by PodSecurityPolicy \"restricted\" as written; not usable: \"privileged\""));
        Assert.Contains(lines, l => l.Contains("DaemonSet/kube-system/node-agent: admitted by PodSecurityPolicy \"privileged\""));
        Assert.Contains("{labels: {app: node-agent}, \"annotations\": {\"kubernetes.io/psp\": \"privileged\"}}", run.Stdout);

        var all = await Run(["mutate", .. policies, "--psp-authorization", "all", _tree.Root]);
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("Pod/shop/debug: admitted by PodSecurityPolicy \"privileged\"", all.Stderr);
    }

    [Fact]
    public async Task Unknown_psp_authorization_is_a_usage_error()
    {
        var run = await Run("scan", "--no-config", "--psp-authorization", "some", _tree.Root);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--psp-authorization: \"some\" is not bundle, all or auto", run.Stderr);
    }
}
