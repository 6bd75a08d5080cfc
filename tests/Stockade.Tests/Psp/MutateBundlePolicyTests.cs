using Stockade.Tests.Cli;
using Stockade.Tests.Reporting;

namespace Stockade.Tests.Psp;

/// <summary>As in scan, a PodSecurityPolicy among mutate's inputs joins the policy set only with --bundle-policies.</summary>
public class MutateBundlePolicyTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string PrivilegedPolicy = """
        apiVersion: policy/v1beta1
        kind: PodSecurityPolicy
        metadata:
          name: anything-goes
        spec:
          privileged: true
          seLinux: {rule: RunAsAny}
          runAsUser: {rule: RunAsAny}
          supplementalGroups: {rule: RunAsAny}
          fsGroup: {rule: RunAsAny}
          volumes: ['*']
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
          - name: c
            image: r/x:1
            securityContext:
              privileged: true
        """;

    [Fact]
    public async Task A_policy_among_the_inputs_does_not_admit_a_pod_unless_bundle_policies_is_given()
    {
        var bundle = _tree.Write("bundle.yaml", PrivilegedPolicy);
        var restricted = Path.Combine(RepoPaths.Root, "examples", "psp", "restricted.yaml");

        var unasked = await CliHarness.Run("mutate", "--policy", restricted, bundle);
        Assert.Equal(1, unasked.ExitCode);
        Assert.Contains("not applied (anything-goes): they join only with --bundle-policies", unasked.Stderr);

        var asked = await CliHarness.Run("mutate", "--bundle-policies", "--policy", restricted, bundle);
        Assert.Equal(0, asked.ExitCode);
        Assert.Contains("anything-goes", asked.Stderr);
    }
}
