using System.Text.Json;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Cli;

/// <summary>
/// Which policies judge a pod: only those asked for (<c>--policy</c>, <c>--bundle-policies</c>),
/// and with <c>--profile none</c> nothing else.
/// </summary>
public class PolicySelectionTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static string RestrictedPsp => File.ReadAllText(Path.Combine(Reporting.RepoPaths.Root, "examples", "psp", "restricted.yaml"));

    private const string HostPidPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: default}
        spec:
          hostPID: true
          containers:
          - name: app
            image: nginx
        """;

    /// <summary>Admitted by the restricted example PSP as written, yet with hardened findings (no limits, image without a digest…).</summary>
    private const string PspCompliantPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: q
          namespace: default
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

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();

    private static List<string> Rules(JsonElement json) =>
        json.GetProperty("findings").EnumerateArray().Where(f => !f.GetProperty("suppressed").GetBoolean()).Select(f => f.GetProperty("rule").GetString()!).ToList();

    [Fact]
    public async Task Archived_PodSecurityPolicy_among_the_scanned_files_does_not_change_the_profile()
    {
        _tree.Write("archive/old-psp.yaml", RestrictedPsp);
        _tree.Write("apps/pod.yaml", HostPidPod);
        var run = await Run("scan", "--no-config", "--profile", "restricted:v1.23", "--format", "json", _tree.Root);
        var json = Json(run);
        Assert.Equal("restricted:v1.23", json.GetProperty("profile").GetString());
        Assert.DoesNotContain("psp", Rules(json));
        var note = Assert.Single(json.GetProperty("notes").EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("is validated but not applied"));
        Assert.Equal("PodSecurityPolicy \"restricted\" is validated but not applied: policies among the scanned files join only with --bundle-policies (or give the file with --policy)",
            note.GetProperty("message").GetString());
        Assert.EndsWith("old-psp.yaml", note.GetProperty("file").GetString());

        var bundled = Json(await Run("scan", "--no-config", "--profile", "restricted:v1.23", "--bundle-policies", "--format", "json", _tree.Root));
        Assert.Equal("restricted:v1.23+psp", bundled.GetProperty("profile").GetString());
        Assert.Contains("psp", Rules(bundled));
    }

    [Fact]
    public async Task Unapplied_scanned_policy_is_still_validated()
    {
        _tree.Write("psp.yaml", "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: broken}\nspec:\n  runAsUser: {rule: Sometimes}\n  seLinux: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n  supplementalGroups: {rule: RunAsAny}\n");
        var json = Json(await Run("scan", "--no-config", "--profile", "baseline", "--format", "json", _tree.Root));
        Assert.Contains("psp-invalid", Rules(json));
    }

    [Fact]
    public async Task A_profile_without_bundle_policies_validates_found_policies_in_the_one_pass_with_nothing_spooled()
    {
        _tree.Write("archive/old-psp.yaml", RestrictedPsp);
        _tree.Write("apps/pod.yaml", HostPidPod);
        // A one-byte spool would overflow (an error, exit 2) if anything were kept for a second look.
        var run = await Run("scan", "--no-config", "--profile", "restricted:v1.23", "--max-spool-bytes", "1", "--format", "json", _tree.Root);
        Assert.Equal(1, run.ExitCode);
        var json = Json(run);
        Assert.Empty(json.GetProperty("errors").EnumerateArray());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("is validated but not applied"));

        var bundled = await Run("scan", "--no-config", "--profile", "restricted:v1.23", "--bundle-policies", "--max-spool-bytes", "1", "--format", "json", _tree.Root);
        Assert.Equal(2, bundled.ExitCode);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("audit")]
    public async Task Profile_none_with_nothing_to_run_is_a_usage_error(string command)
    {
        var pod = _tree.Write("pod.yaml", HostPidPod);
        var run = command == "scan"
            ? await Run("scan", "--no-config", "--profile", "none", pod)
            : await Run("audit", "--no-config", "--profile", "none", "--from", pod);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--profile none runs no built-in rule, only the policies you give: add --policy FILE", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Profile_none_reports_exactly_what_the_given_policies_refuse()
    {
        var policy = _tree.Write("policies/restricted.yaml", RestrictedPsp);
        var refused = _tree.Write("apps/hostpid.yaml", HostPidPod);
        var admitted = _tree.Write("apps/ok.yaml", PspCompliantPod);

        var run = await Run("scan", "--no-config", "--profile", "none", "--policy", policy, "--format", "json", refused, admitted);
        Assert.Equal(1, run.ExitCode);
        var json = Json(run);
        Assert.Equal("psp", json.GetProperty("profile").GetString());
        Assert.All(Rules(json), r => Assert.Equal("psp", r));
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("control").GetString() == "hostPID");
        Assert.DoesNotContain(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("object").GetProperty("name").GetString() == "q");

        var onlyAdmitted = await Run("scan", "--no-config", "--profile", "none", "--policy", policy, admitted);
        Assert.Equal(0, onlyAdmitted.ExitCode);

        var bundled = await Run("scan", "--no-config", "--profile", "none", "--bundle-policies", "--format", "json", _tree.Root);
        Assert.Equal("psp", Json(bundled).GetProperty("profile").GetString());
        Assert.All(Rules(Json(bundled)), r => Assert.Equal("psp", r));
    }
}
