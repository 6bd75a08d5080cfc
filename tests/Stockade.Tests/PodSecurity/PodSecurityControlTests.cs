using Stockade.Engine;
using Stockade.Profiles;
using Stockade.PodSecurity;

namespace Stockade.Tests.PodSecurity;

public class PodSecurityControlTests
{
    private static ScanResult Scan(string yaml, string profile) => TestScan.Yaml(yaml, ProfileRegistry.Resolve(profile));

    private static List<Finding> Pss(ScanResult result) => result.Findings.Where(f => f.Control != null).ToList();

    private const string CompliantContainer = """
        - name: app
          image: nginx
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
        """;

    [Fact]
    public void Deployment_templates_are_checked_with_paths_into_the_template()
    {
        var yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                metadata:
                  labels: {app: web}
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      capabilities: # <-
                        drop: ["ALL"]
            """;
        var finding = Assert.Single(Pss(Scan(yaml, "restricted")));
        Assert.Equal("pss-allow-privilege-escalation", finding.Rule);
        Assert.Equal("allowPrivilegeEscalation", finding.Control);
        Assert.Equal("allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false)", finding.Message);
        Assert.Equal("spec.template.spec.containers[0].securityContext", finding.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), finding.Line); // the securityContext mapping, where the field is missing
        Assert.Equal("app", finding.Container);
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Fact]
    public void Messages_use_the_upstream_reason_and_detail_wording()
    {
        var yaml = TestScan.Pod("""
            hostNetwork: true
            hostPID: true
            containers:
            - name: a
              image: x
              securityContext:
                capabilities:
                  add: ["SYS_ADMIN", "chown"]
                runAsUser: 0
            - name: b
              image: x
              ports:
              - containerPort: 80
                hostPort: 8080
              securityContext:
                capabilities:
                  add: ["NET_ADMIN"]
            """);
        var byControl = Pss(Scan(yaml, "restricted:v1.21")).ToDictionary(f => f.Control!, f => f.Message);
        Assert.Equal("host namespaces (hostNetwork=true, hostPID=true)", byControl["hostNamespaces"]);
        // Compared exactly as written, like PSA: lower-case "chown" is not the default CHOWN.
        Assert.Equal("non-default capabilities (containers \"a\", \"b\" must not include \"NET_ADMIN\", \"SYS_ADMIN\", \"chown\" in securityContext.capabilities.add)", byControl["capabilities_baseline"]);
        Assert.Equal("hostPort (container \"b\" uses hostPort 8080)", byControl["hostPorts"]);
        Assert.Equal("runAsNonRoot != true (pod or containers \"a\", \"b\" must set securityContext.runAsNonRoot=true)", byControl["runAsNonRoot"]);
        Assert.Equal("seccompProfile (pod or containers \"a\", \"b\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")", byControl["seccompProfile_restricted"]);
        Assert.False(byControl.ContainsKey("runAsUser")); // added in v1.23
        Assert.False(byControl.ContainsKey("capabilities_restricted")); // added in v1.22
    }

    [Fact]
    public void The_psa_one_liner_lists_every_failed_control_of_the_object()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              runAsNonRoot: true
              seccompProfile:
                type: RuntimeDefault
            containers:
            - name: app
              image: x
            """);
        var result = Scan(yaml, "restricted");
        Assert.Equal(
            "violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"])",
            PodSecurityMessage.Render(result.ProfileName, result.Findings));
        Assert.Null(PodSecurityMessage.Render("restricted:latest", []));
    }

    [Fact]
    public void Windows_pods_are_exempt_from_linux_only_restricted_controls_from_v1_25()
    {
        var yaml = TestScan.Pod("""
            os:
              name: windows
            securityContext:
              runAsNonRoot: true
            containers:
            - name: app
              image: mcr.microsoft.com/windows/nanoserver
            """);
        Assert.Empty(Pss(Scan(yaml, "restricted")));
        var old = Pss(Scan(yaml, "restricted:v1.24")).Select(f => f.Control).Order().ToList();
        Assert.Equal(["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"], old);
    }

    [Fact]
    public void Windows_host_process_is_baseline_at_pod_and_container_level()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              windowsOptions:
                hostProcess: true
            containers:
            - name: app
              image: x
              securityContext:
                windowsOptions:
                  hostProcess: true
            """);
        var f = Assert.Single(Pss(Scan(yaml, "baseline")));
        Assert.Equal("hostProcess (pod and container \"app\" must not set securityContext.windowsOptions.hostProcess=true)", f.Message);
        Assert.Equal("spec.securityContext.windowsOptions.hostProcess", f.Path);
    }

    [Fact]
    public void HostUsers_false_lets_baseline_unmask_proc_from_v1_35_but_never_restricted()
    {
        var yaml = TestScan.Pod($"""
            hostUsers: false
            securityContext:
              runAsNonRoot: true
              seccompProfile:
                type: RuntimeDefault
            containers:
            {CompliantContainer}
                procMount: Unmasked
            """);
        Assert.Empty(Pss(Scan(yaml, "baseline")));
        Assert.Equal("procMount", Assert.Single(Pss(Scan(yaml, "baseline:v1.34"))).Control);
        var restricted = Assert.Single(Pss(Scan(yaml, "restricted")));
        Assert.Equal("procMount_restricted", restricted.Control);
        Assert.Equal("procMount (container \"app\" must not set securityContext.procMount to \"Unmasked\")", restricted.Message);

        // Without hostUsers: false (unset means host users) baseline still forbids it.
        Assert.Single(Pss(Scan(yaml.Replace("hostUsers: false", "hostUsers: true"), "baseline")));
    }

    [Fact]
    public void HostUsers_false_exempts_run_as_non_root_and_run_as_user_from_v1_35_only()
    {
        var yaml = TestScan.Pod($"""
            hostUsers: false
            securityContext:
              runAsUser: 0
              seccompProfile:
                type: RuntimeDefault
            containers:
            {CompliantContainer}
            """);
        Assert.Empty(Pss(Scan(yaml, "restricted")));
        Assert.Empty(Pss(Scan(yaml, "restricted:v1.35")));
        // Before v1.35 upstream has no relaxation (its old one needed a perma-alpha gate, now removed).
        Assert.Equal(["runAsNonRoot", "runAsUser"], Pss(Scan(yaml, "restricted:v1.34")).Select(f => f.Control).Order().ToList());
        // Host users (explicit or unset) are never relaxed.
        Assert.Equal(["runAsNonRoot", "runAsUser"], Pss(Scan(yaml.Replace("hostUsers: false", "hostUsers: true"), "restricted")).Select(f => f.Control).Order().ToList());
    }

    [Fact]
    public void SeLinux_type_container_engine_t_is_allowed_from_v1_31()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              seLinuxOptions:
                type: container_engine_t
            containers:
            - name: app
              image: nginx
            """);
        Assert.Empty(Pss(Scan(yaml, "baseline")));
        Assert.Empty(Pss(Scan(yaml, "baseline:v1.31")));
        var f = Assert.Single(Pss(Scan(yaml, "baseline:v1.30")));
        Assert.Equal("seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"container_engine_t\")", f.Message);
    }

    [Theory]
    [InlineData("baseline:v1.0")]
    [InlineData("baseline")]
    public void SeLinux_user_or_role_alone_is_named_in_the_message(string profile)
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: app
              image: nginx
              securityContext:
                seLinuxOptions:
                  user: sysadm_u
                  role: sysadm_r
            """);
        var f = Assert.Single(Pss(Scan(yaml, profile)));
        Assert.Equal("seLinuxOptions (container \"app\" set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set)", f.Message);
        Assert.Equal("spec.containers[0].securityContext.seLinuxOptions.user", f.Path);
    }

    [Theory]
    [InlineData("restricted:v1.0")]
    [InlineData("restricted")]
    public void Volumes_without_a_source_default_to_empty_dir_and_image_volumes_are_allowed_at_every_version(string profile)
    {
        var yaml = TestScan.Pod($"""
            securityContext:
              runAsNonRoot: true
              seccompProfile:
                type: RuntimeDefault
            containers:
            {CompliantContainer}
            volumes:
            - name: defaulted
            - name: nfs
              nfs:
                server: x
                path: /
            - name: host
              hostPath:
                path: /etc
            - name: models
              image:
                reference: registry.example/models:1
            """);
        var f = Assert.Single(Pss(Scan(yaml, profile)));
        Assert.Equal("restricted volume types (volumes \"nfs\", \"host\" use restricted volume types \"hostPath\", \"nfs\")", f.Message);
        Assert.Equal("spec.volumes[1].nfs", f.Path);
        Assert.Equal("hostPathVolumes", Assert.Single(Pss(Scan(yaml, "baseline"))).Control);
    }

    [Fact]
    public void Sysctls_and_seccomp_annotations_follow_the_version()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: unconfined
            spec:
              securityContext:
                sysctls:
                - name: net.ipv4.tcp_rmem
                  value: "4096 87380 6291456"
              containers:
              - name: app
                image: x
            """;
        var v1_18 = Pss(Scan(yaml, "baseline:v1.18")).ToDictionary(f => f.Control!, f => f.Message);
        Assert.Equal("seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")", v1_18["seccompProfile_baseline"]);
        Assert.Equal("forbidden sysctls (net.ipv4.tcp_rmem)", v1_18["sysctls"]);
        Assert.Empty(Pss(Scan(yaml, "baseline:v1.32")));
    }

    [Fact]
    public void Probe_hosts_are_forbidden_from_v1_34()
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: app
              image: x
              livenessProbe:
                httpGet:
                  host: 169.254.169.254
                  port: 80
            """);
        Assert.Empty(Pss(Scan(yaml, "baseline:v1.33")));
        var f = Assert.Single(Pss(Scan(yaml, "baseline:v1.34")));
        Assert.Equal("probe or lifecycle host (container \"app\" uses probe or lifecycle host \"169.254.169.254\")", f.Message);
        Assert.Equal("spec.containers[0].livenessProbe.httpGet.host", f.Path);
    }
}
