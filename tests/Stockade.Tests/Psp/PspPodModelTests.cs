using System.Text;
using Stockade.Kube;
using Stockade.Psp;
using Stockade.Tests.Docs;
using static Stockade.Tests.Psp.PspTestKit;

namespace Stockade.Tests.Psp;

/// <summary>PodSecurityPolicy reads and defaults the one pod model, and the mutate pipeline runs in the core.</summary>
public class PspPodModelTests
{
    private const string RunAsUserPolicy = "runAsUser:\n  rule: MustRunAs\n  ranges: [{min: 1000, max: 2000}]";

    [Fact]
    public void Defaulting_returns_a_new_pod_and_leaves_the_pod_as_read()
    {
        var original = Pod(Plain + "\n- name: second\n  image: y");
        var (mutated, changes) = PspProvider.Mutate(Load(Policy(RunAsUserPolicy)), original);
        Assert.Equal(2, changes.Count);
        Assert.All(original.Spec.AllContainers, c => Assert.Null(c.SecurityContext));
        Assert.All(mutated.Spec.AllContainers, c => Assert.Equal(1000, c.SecurityContext!.RunAsUser.Value));
        Assert.Equal("spec.containers[1].securityContext.runAsUser", mutated.Spec.Containers[1].SecurityContext!.RunAsUser.Path);
    }

    [Fact]
    public void A_finding_about_an_absent_pod_annotation_points_at_the_pod_metadata()
    {
        const string ann = "seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default";
        var podError = Check("", Plain, ann).Single(e => e.Container == null);
        Assert.Equal("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]", podError.Path);
        Assert.Equal(4, podError.Position.Line); // the first line of metadata, not of the spec
    }

    [Fact]
    public void Volume_drivers_and_indexes_are_read_into_the_pod_model()
    {
        var pod = Pod(Plain + "\nvolumes:\n- name: a\n  emptyDir: {}\n- name: f\n  flexVolume: {driver: vendor/nfs}\n- name: c\n  csi: {driver: csi.example.com}");
        Assert.Equal([0, 1, 2], pod.Spec.Volumes.Select(v => v.Index));
        Assert.Equal("vendor/nfs", pod.Spec.Volumes[1].FlexVolumeDriver.Value);
        Assert.Equal("csi.example.com", pod.Spec.Volumes[2].CsiDriver.Value);
        var errors = PspProvider.Validate(Load(Policy("allowedFlexVolumes: [{driver: other}]\nallowedCSIDrivers: [{name: other}]")), pod);
        Assert.Equal(["spec.volumes[1].flexVolume.driver", "spec.volumes[2].csi.driver"], errors.Select(e => e.Path));
    }

    [Fact]
    public void The_mutate_pipeline_splices_defaults_into_the_file_and_reports_each_decision()
    {
        var yaml = "# kept\n" + TestScan.Pod(Plain) + "\n---\n" + File.ReadAllText(RepositoryFiles.PathOf("examples", "psp", "restricted.yaml"));
        var input = new PspMutateInput("pods.yaml", Encoding.UTF8.GetBytes(yaml));
        var result = PspMutatePipeline.Run([input], PspMutatePipeline.PoliciesIn([input]).Policies, PspMutateOutput.Auto);
        Assert.False(result.Failed);
        Assert.False(result.Refused);
        Assert.StartsWith("# kept\n", result.Text);
        Assert.Contains("    kubernetes.io/psp: \"restricted\"\n", result.Text);
        var decision = Assert.Single(result.Messages);
        Assert.False(decision.IsError);
        Assert.Contains("admitted by PodSecurityPolicy \"restricted\" after defaulting", decision.Text);
    }
}
