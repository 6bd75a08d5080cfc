using System.Text;
using Stockade.Cli;
using Stockade.Psp;
using static Stockade.Tests.Psp.PspTestKit;

namespace Stockade.Tests.Psp;

public class PspAdmissionTests
{
    private static readonly string Examples = Path.Combine(FindRoot(), "examples", "psp");

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Stockade.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    private static List<PspPolicy> Published(params string[] names) =>
        names.SelectMany(n => PspLoader.Load([(n, () => File.OpenRead(Path.Combine(Examples, n + ".yaml")))]).Policies).ToList();

    [Fact]
    public void Published_examples_are_valid()
    {
        foreach (var n in new[] { "restricted", "baseline", "privileged" })
        {
            var set = PspLoader.Load([(n, () => File.OpenRead(Path.Combine(Examples, n + ".yaml")))]);
            Assert.Empty(set.Errors);
            Assert.Single(set.Policies);
        }
    }

    [Fact]
    public void Policy_admitting_unchanged_wins_over_earlier_mutating_one()
    {
        var decision = PspAdmission.Admit(Published("restricted", "privileged"), Pod(Plain));
        Assert.Equal("privileged", decision.Policy!.Name);
        Assert.Equal(0, decision.Changes.Count);
    }

    [Fact]
    public void First_mutating_policy_in_name_order_wins_when_none_admits_unchanged()
    {
        var a = Load(Policy("allowPrivilegeEscalation: false", name: "b-second"));
        var b = Load(Policy("allowPrivilegeEscalation: false\nreadOnlyRootFilesystem: true", name: "a-first"));
        var decision = PspAdmission.Admit([a, b], Pod(Plain));
        Assert.Equal("a-first", decision.Policy!.Name);
        Assert.Contains(decision.Changes.All, c => c.Pointer.EndsWith("/readOnlyRootFilesystem"));
    }

    [Fact]
    public void Restricted_defaults_a_plain_pod()
    {
        var decision = PspAdmission.Admit(Published("restricted"), Pod(Plain));
        Assert.True(decision.Admitted);
        var pointers = decision.Changes.All.Select(c => c.Pointer).ToList();
        Assert.Contains("/spec/securityContext/supplementalGroups", pointers);
        Assert.Contains("/spec/securityContext/fsGroup", pointers);
        Assert.Contains("/spec/containers/0/securityContext/runAsNonRoot", pointers);
        Assert.Contains("/spec/containers/0/securityContext/allowPrivilegeEscalation", pointers);
        Assert.Contains("/spec/containers/0/securityContext/capabilities", pointers);
        Assert.Contains("/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod", pointers);
        Assert.Contains("/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app", pointers);
    }

    [Fact]
    public void Restricted_and_baseline_refuse_a_privileged_pod_with_every_reason()
    {
        var pod = Pod("hostNetwork: true\n" + Plain + "\n  securityContext: {privileged: true}");
        var decision = PspAdmission.Admit(Published("restricted", "baseline"), pod);
        Assert.False(decision.Admitted);
        Assert.Equal(["baseline", "restricted"], decision.Refusals.Select(r => r.Policy.Name));
        Assert.All(decision.Refusals, r => Assert.Contains(r.Errors, e => e.Control == "privileged"));
        Assert.All(decision.Refusals, r => Assert.Contains(r.Errors, e => e.Control == "hostNetwork"));
    }

    [Fact]
    public void Must_run_as_defaults_take_the_first_range_min()
    {
        var psp = Load(Policy("runAsUser:\n  rule: MustRunAs\n  ranges: [{min: 1000, max: 2000}, {min: 5, max: 6}]\nrunAsGroup:\n  rule: MustRunAs\n  ranges: [{min: 3000, max: 3000}]"));
        var (pod, changes) = PspProvider.Mutate(psp, Pod(Plain));
        Assert.Equal(1000, pod.Spec.Containers[0].SecurityContext!.RunAsUser.Value);
        Assert.Equal(3000, pod.Spec.Containers[0].SecurityContext!.RunAsGroup.Value);
        Assert.Empty(PspProvider.Validate(psp, pod));
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Default_capabilities_skip_the_ones_a_container_drops()
    {
        var psp = Load(Policy("defaultAddCapabilities: [NET_BIND_SERVICE, CHOWN]\nrequiredDropCapabilities: [NET_RAW]"));
        var (pod, _) = PspProvider.Mutate(psp, Pod(Plain + "\n  securityContext:\n    capabilities: {drop: [CHOWN]}"));
        var caps = pod.Spec.Containers[0].SecurityContext!.Capabilities!;
        Assert.Equal(["NET_BIND_SERVICE"], caps.Add.Select(a => a.Value));
        Assert.Equal(["CHOWN", "NET_RAW"], caps.Drop.Select(a => a.Value));
    }

    [Fact]
    public void Default_allow_privilege_escalation_is_applied()
    {
        var psp = Load(Policy("defaultAllowPrivilegeEscalation: false"));
        var (pod, _) = PspProvider.Mutate(psp, Pod(Plain));
        Assert.False(pod.Spec.Containers[0].SecurityContext!.AllowPrivilegeEscalation.Value);
    }

    [Fact]
    public void Se_linux_and_runtime_class_defaults()
    {
        var psp = Load(Policy("seLinux:\n  rule: MustRunAs\n  seLinuxOptions: {level: 's0:c1'}\nruntimeClass: {allowedRuntimeClassNames: [gvisor], defaultRuntimeClassName: gvisor}"));
        var (pod, changes) = PspProvider.Mutate(psp, Pod(Plain));
        Assert.Equal("s0:c1", pod.Spec.SecurityContext!.SeLinuxOptions!.Level.Value);
        Assert.Equal("gvisor", pod.Spec.RuntimeClassName.Value);
        Assert.Empty(PspProvider.Validate(psp, pod));
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Deployment_template_is_mutated_and_annotated()
    {
        var obj = Object(File.ReadAllText(Path.Combine(Examples, "nginx-deployment.yaml")));
        var m = PspMutator.Apply(obj, Published("restricted"))!;
        Assert.Equal("restricted", m.Decision.Policy!.Name);
        Assert.Equal("restricted", (string)m.After["spec"]!["template"]!["metadata"]!["annotations"]!["kubernetes.io/psp"]!);
        Assert.Equal(1, (long)m.After["spec"]!["template"]!["spec"]!["securityContext"]!["fsGroup"]!);
        var patch = m.Patch.Select(op => (string)op!["path"]!).ToList();
        Assert.Contains("/spec/template/spec/securityContext", patch);
        Assert.Contains("/spec/template/metadata/annotations", patch);
    }

    [Fact]
    public void Lint_finds_nothing_when_one_policy_admits_as_written()
    {
        var yaml = TestScan.Pod(Plain);
        var profile = PspProfiles.Only(Published("restricted", "privileged"));
        Assert.Empty(TestScan.Yaml(yaml, profile).Findings("psp"));
    }

    [Fact]
    public void Lint_reports_every_refusal_with_control_and_position()
    {
        var yaml = TestScan.Pod(Plain + "\n  securityContext: {privileged: true} # <-");
        var findings = TestScan.Yaml(yaml, PspProfiles.Only(Published("baseline"))).Findings("psp");
        var f = Assert.Single(findings, f => f.Control == "privileged");
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("app", f.Container);
        Assert.Contains("PodSecurityPolicy \"baseline\"", f.Message);
    }

    [Fact]
    public void Invalid_policy_among_scanned_documents_is_reported()
    {
        var yaml = Policy("runAsGroup:\n  rule: MustRunAs\n  ranges: [{min: 9, max: 1}]");
        var f = Assert.Single(TestScan.Yaml(yaml, PspProfiles.Only([])).Findings("psp-invalid"));
        Assert.Equal("runAsGroup", f.Control);
    }

    [Fact]
    public async Task Mutate_command_prints_patch_and_chosen_policy()
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(["mutate", "--patch", "--policy", Path.Combine(Examples, "restricted.yaml"), Path.Combine(Examples, "nginx-deployment.yaml")],
            TextReader.Null, () => Stream.Null, stdout, stderr, false);
        Assert.Equal(0, code);
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.Contains("\"op\": \"add\"", text);
        Assert.Contains("admitted by PodSecurityPolicy \"restricted\" after defaulting", stderr.ToString());
    }

    [Fact]
    public async Task Mutate_command_exits_1_when_refused()
    {
        var dir = Directory.CreateTempSubdirectory();
        var pod = Path.Combine(dir.FullName, "pod.yaml");
        File.WriteAllText(pod, TestScan.Pod("hostPID: true\n" + Plain));
        var code = await CommandLine.RunAsync(["mutate", "--policy", Path.Combine(Examples, "restricted.yaml"), pod], TextReader.Null, () => Stream.Null, new MemoryStream(), new StringWriter(), false);
        Assert.Equal(1, code);
    }
}
