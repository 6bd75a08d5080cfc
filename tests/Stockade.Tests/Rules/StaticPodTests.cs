using Stockade.Engine;
using Stockade.Tests.ClusterRules;

namespace Stockade.Tests.Rules;

/// <summary>Static pods: files of a kubelet's manifests folder, and their mirror pods in a dump.</summary>
public class StaticPodTests
{
    private const string ApiServer = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
          namespace: kube-system
        spec:
          hostNetwork: true
          containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command: [kube-apiserver, --anonymous-auth=true]
        """;

    private static readonly string[] Relaxed = ["service-account-token-automount", "no-scheduling-constraint", "workload-apiserver-egress"];

    [Theory]
    [InlineData("/etc/kubernetes/manifests/kube-apiserver.yaml")]
    [InlineData("node-1/etc/kubernetes/manifests/kube-apiserver.yaml")]
    [InlineData("C:\\dump\\etc\\kubernetes\\manifests\\kube-apiserver.yaml")]
    public void A_pod_file_in_a_kubelet_manifests_folder_gets_no_token_scheduling_or_egress_findings_but_its_flags_are_judged(string file)
    {
        var result = ClusterScan.Files((file, ApiServer));
        Assert.All(Relaxed, id => Assert.Empty(result.Findings(id)));
        Assert.NotEmpty(result.Findings("apiserver-anonymous-auth"));
        Assert.NotEmpty(result.Findings("host-network"));
    }

    [Fact]
    public void The_same_pod_elsewhere_is_judged_as_any_pod()
    {
        var result = ClusterScan.Files(("charts/kube-apiserver.yaml", ApiServer));
        Assert.All(Relaxed, id => Assert.Single(result.Findings(id)));
    }

    [Fact]
    public void A_pod_with_owner_references_in_a_manifests_folder_is_not_static()
    {
        var owned = ApiServer.Replace("  namespace: kube-system", "  namespace: kube-system\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u, controller: true}");
        var result = ClusterScan.Files(("/etc/kubernetes/manifests/kube-apiserver.yaml", owned));
        Assert.Single(result.Findings("no-scheduling-constraint"));
    }

    private static readonly string Mirror = ApiServer.Replace("  namespace: kube-system", "  namespace: kube-system\n  annotations:\n    kubernetes.io/config.mirror: 3c1b0b9d");

    [Fact]
    public void A_mirror_pod_in_a_dump_is_a_static_pod()
    {
        var result = ClusterScan.Files(("dump.yaml", Mirror));
        Assert.All(Relaxed, id => Assert.Empty(result.Findings(id)));
    }

    [Fact]
    public void At_admission_the_mirror_annotation_relaxes_only_the_token_which_the_api_server_enforces()
    {
        var result = ClusterScan.Files(ScanOrigin.Admission, ("request.json", Mirror));
        Assert.Empty(result.Findings("service-account-token-automount"));
        Assert.Single(result.Findings("no-scheduling-constraint"));
        Assert.Single(result.Findings("workload-apiserver-egress"));
    }

    [Fact]
    public void At_admission_a_file_path_does_not_make_a_pod_static()
    {
        var result = ClusterScan.Files(ScanOrigin.Admission, ("/etc/kubernetes/manifests/kube-apiserver.yaml", ApiServer));
        Assert.All(Relaxed, id => Assert.Single(result.Findings(id)));
    }

    [Fact]
    public void A_limit_range_does_not_default_a_static_pod()
    {
        const string limits = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: l\n  namespace: kube-system\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 500m}";
        var result = ClusterScan.Files(("limits.yaml", limits), ("/etc/kubernetes/manifests/kube-apiserver.yaml", ApiServer));
        Assert.False(Assert.Single(result.Findings, f => f.Rule == "cpu-limits-missing").Suppressed);
    }
}
