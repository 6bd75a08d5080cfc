using Stockade.Cli;
using Stockade.Profiles;
using Stockade.Psp;
using Stockade.Tests.Docs;

namespace Stockade.Tests.Vap;

/// <summary>
/// ValidatingAdmissionPolicies from <c>--policy</c> files are known before the read: their rules
/// run in the one pass over the input. Only PodSecurityPolicies judged by the input's RBAC, or
/// policies joining from the input, wait for the end of the read (which keeps every document to
/// read it again).
/// </summary>
public class VapScanPassTests
{
    private static readonly PspOption.Authorization Auto = new(PspAuthorizationMode.Auto, PspRequester.None);

    [Fact]
    public void Policies_from_files_run_in_the_first_pass()
    {
        var profile = PspOption.FromInput(ProfileRegistry.Hardened, [RepositoryFiles.PathOf("examples", "vap", "policy.yaml")], bundle: false, Auto);

        Assert.DoesNotContain(profile.Needs, n => n.AddsRules);
        Assert.Contains(profile.Rules, r => r.Id == "vap:deployment-rules");
    }

    [Fact]
    public void PodSecurityPolicies_judged_by_the_inputs_rbac_wait_for_the_read()
    {
        var psp = Directory.EnumerateFiles(RepositoryFiles.PathOf("examples", "psp"), "*.yaml").First(f => File.ReadAllText(f).Contains("kind: PodSecurityPolicy"));
        var profile = PspOption.FromInput(ProfileRegistry.Hardened, [psp], bundle: false, Auto);

        Assert.Contains(profile.Needs, n => n.AddsRules);
    }

    [Fact]
    public void Policies_joining_from_the_input_wait_for_the_read()
    {
        var profile = PspOption.FromInput(ProfileRegistry.Hardened, [RepositoryFiles.PathOf("examples", "vap", "policy.yaml")], bundle: true, Auto);

        Assert.Contains(profile.Needs, n => n.AddsRules);
    }
}
