using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Audit;

/// <summary><c>audit --from</c> judges each pod by the PodSecurityPolicies its service account may use, from the dump's RBAC.</summary>
public sealed class AuditPspAuthorizationTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string Dump = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "psp:privileged"}
        rules: [{apiGroups: [policy], resources: [podsecuritypolicies], resourceNames: [privileged], verbs: [use]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: "psp:privileged", namespace: kube-system}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "psp:privileged"}
        subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts:kube-system"}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: rogue, namespace: shop}
        spec:
          containers: [{name: app, image: x, securityContext: {privileged: true}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: proxy, namespace: kube-system}
        spec:
          serviceAccountName: kube-proxy
          containers: [{name: app, image: x, securityContext: {privileged: true}}]
        """;

    [Fact]
    public async Task Audit_from_a_dump_judges_pods_by_the_policies_their_service_account_may_use()
    {
        var dump = _tree.Write("dump.yaml", Dump);
        var run = await Run("audit", "--no-config", "--profile", "none", "--fail-on", "none", "--policy", RepositoryFiles.PathOf("examples", "psp", "privileged.yaml"), "--from", dump);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no grant of use on podsecuritypolicy \"privileged\" for system:serviceaccount:shop:default", run.Stdout);
        Assert.DoesNotContain("kube-proxy", run.Stdout);

        var all = await Run("audit", "--no-config", "--profile", "none", "--fail-on", "none", "--psp-authorization", "all", "--policy", RepositoryFiles.PathOf("examples", "psp", "privileged.yaml"), "--from", dump);
        Assert.DoesNotContain("no grant of use", all.Stdout);
    }
}
