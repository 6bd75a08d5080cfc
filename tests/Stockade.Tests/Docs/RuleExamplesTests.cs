using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.Tests.Docs;

/// <summary>
/// Every rule has a bad and a good example: <c>examples/rules/RULE-ID/bad.yaml</c> makes the rule
/// fire, <c>good.yaml</c> (the same object, fixed) does not. Rules older than this convention are
/// shown by <c>examples/insecure</c> and <c>examples/cluster</c> (see <see cref="ExamplesTests"/>)
/// and are listed in <see cref="ShownElsewhere"/>; a new rule gets its own folder. The node rules
/// (<see cref="Stockade.Rules.Node.NodeRule"/>: file modes and owners, which YAML cannot carry) are
/// proven on a fake node root by <see cref="Node.NodeRuleFixtureTests"/> instead.
/// </summary>
public class RuleExamplesTests
{
    private static readonly string Folder = RepositoryFiles.PathOf("examples", "rules");

    /// <summary>The rules that were in the catalogue before examples/rules existed (2026-12-01).</summary>
    private static readonly HashSet<string> ShownElsewhere =
    [
        "apiserver-admission-plugins", "apiserver-anonymous-auth", "apiserver-audit-log",
        "apiserver-audit-log-retention", "apiserver-authorization-mode", "apiserver-encryption-provider-config",
        "apiserver-etcd-tls", "apiserver-kubelet-tls", "apiserver-service-account-tokens", "apiserver-tls",
        "apiserver-token-auth-file", "apparmor-unconfined", "audit-policy-logs-nothing", "audit-policy-pod-access",
        "audit-policy-sensitive-bodies", "capabilities-added", "capabilities-drop-all", "container-runtime-socket",
        "control-plane-alpha-features", "control-plane-bind-address", "control-plane-profiling",
        "controller-manager-kubelet-server-cert-rotation", "controller-manager-service-account-credentials",
        "controller-manager-service-account-keys", "cpu-limits-missing", "cpu-requests-missing",
        "dangerous-capabilities", "duplicate-key", "etcd-client-tls", "etcd-peer-tls", "encryption-provider-strength", "encryption-secrets-at-rest",
        "host-ipc", "host-network", "host-path-sensitive", "host-path-volume", "host-path-writable", "host-pid",
        "host-port", "image-registry-not-allowed", "kubelet-anonymous-auth", "kubelet-authorization-mode",
        "kubelet-certificate-rotation", "kubelet-client-ca", "kubelet-pod-pids-limit",
        "kubelet-protect-kernel-defaults", "kubelet-read-only-port", "kubelet-seccomp-default",
        "kubelet-tls-cipher-suites", "low-group-id", "low-user-id", "memory-limits-missing",
        "memory-requests-missing", "namespace-default-deny-egress", "namespace-default-deny-ingress",
        "namespace-limitrange", "namespace-pod-security-enforce", "namespace-resourcequota", "net-raw-not-dropped",
        "no-scheduling-constraint", "privilege-escalation-allowed", "privileged-container", "rbac-bind-escalate",
        "rbac-bootstrap-role-redefined", "rbac-broad-group-subject", "rbac-cluster-admin-binding",
        "rbac-create-persistentvolumes", "rbac-create-workloads", "rbac-csr-approval",
        "rbac-default-serviceaccount-bound", "rbac-impersonate", "rbac-nodes-proxy", "rbac-pod-exec",
        "rbac-pod-portforward", "rbac-secrets-read", "rbac-serviceaccount-token", "rbac-system-masters-subject",
        "rbac-webhook-configurations", "rbac-wildcard", "run-as-root", "seccomp-profile", "selinux-custom-options",
        "service-account-token-automount", "serviceaccount-automount", "sshd-container", "unmasked-procmount",
        "unsafe-sysctls", "windows-host-process", "workload-apiserver-egress", "writable-root-filesystem",
    ];

    public static TheoryData<string> RuleFolders()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(Folder))
        {
            foreach (var dir in Directory.GetDirectories(Folder).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    private static ScanResult Scan(string rule, string file)
    {
        var target = Catalog.Find(rule) ?? throw new InvalidOperationException($"examples/rules/{rule}: no rule with that id");
        var path = Path.Combine(Folder, rule, file);
        Assert.True(File.Exists(path), $"examples/rules/{rule}/{file} is missing");
        return new Scanner(new ScanOptions
        {
            Profile = new Profile("one-rule", rule, [target]),
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 1, 15),
            MaxParallelism = 1,
        }).Scan([new ScanInput($"examples/rules/{rule}/{file}", () => File.OpenRead(path))]);
    }

    [Theory]
    [MemberData(nameof(RuleFolders))]
    public void The_bad_example_makes_its_rule_fire(string rule)
    {
        var result = Scan(rule, "bad.yaml");
        Assert.Empty(result.Errors);
        Assert.Contains(result.Findings, f => f.Rule == rule && !f.Suppressed);
    }

    [Theory]
    [MemberData(nameof(RuleFolders))]
    public void The_good_example_does_not(string rule)
    {
        var result = Scan(rule, "good.yaml");
        Assert.Empty(result.Errors);
        var fired = result.Findings.Where(f => f.Rule == rule).ToList();
        Assert.True(fired.Count == 0, $"examples/rules/{rule}/good.yaml: " + string.Join("; ", fired.Select(f => $"{f.Line}:{f.Column} {f.Message}")));
    }

    [Fact]
    public void Every_rule_has_examples_here_or_is_shown_by_the_older_example_folders()
    {
        var folders = Directory.Exists(Folder) ? Directory.GetDirectories(Folder).Select(Path.GetFileName).ToHashSet() : [];
        var missing = Catalog.All
            .Where(r => r is not Stockade.Psp.PspRule and not Stockade.Psp.PspInvalidPolicyRule and not Stockade.Rules.Node.NodeRule && !r.Id.StartsWith("pss-", StringComparison.Ordinal))
            .Select(r => r.Id)
            .Where(id => !folders.Contains(id) && !ShownElsewhere.Contains(id))
            .ToList();
        Assert.True(missing.Count == 0, "rules without examples/rules/RULE-ID/{bad,good}.yaml: " + string.Join(", ", missing));
    }
}
