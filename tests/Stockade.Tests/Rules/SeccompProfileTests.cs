namespace Stockade.Tests.Rules;

public class SeccompProfileTests
{
    private const string Rule = "seccomp-profile";

    /// <summary>A Pod with annotations: the pod spec body starts at line 8 + number of annotations.</summary>
    private static string AnnotatedPod(string annotations, string body) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          annotations:
        {TestScan.Indent(annotations, 4)}
        spec:
        {TestScan.Indent(body, 2)}
        """;

    [Fact]
    public void Reports_a_missing_profile_at_the_container()
    {
        var yaml = TestScan.Pod("containers:\n- name: app # <-\n  image: nginx");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.seccompProfile", f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains("Unconfined", f.Message);
    }

    [Theory]
    [InlineData("RuntimeDefault", false)]
    [InlineData("Localhost", false)]
    [InlineData("Unconfined", true)]
    public void Judges_the_profile_type(string type, bool reported)
    {
        var yaml = TestScan.Pod($"containers:\n- name: app\n  image: nginx\n  securityContext:\n    seccompProfile:\n      type: {type} # <-");
        var result = IdentityRuleManifests.Scan(yaml);
        var findings = result.Findings(Rule);
        Assert.Equal(reported, findings.Count == 1);
        if (!reported) return;
        Assert.Equal(TestScan.MarkedLine(yaml), findings[0].Line);
        Assert.Equal("spec.containers[0].securityContext.seccompProfile.type", findings[0].Path);
    }

    [Fact]
    public void Containers_inherit_the_pod_profile_and_may_override_it()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              seccompProfile:
                type: RuntimeDefault
            initContainers:
            - name: init
              image: busybox
            containers:
            - name: app
              image: nginx
              securityContext:
                seccompProfile:
                  type: Unconfined # <-
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("app", f.Container);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Fact]
    public void A_confining_container_profile_overrides_an_unconfined_pod_profile()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              seccompProfile:
                type: Unconfined # <-
            containers:
            - name: confined
              image: nginx
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
            - name: inherits
              image: nginx
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("inherits", f.Container);
        Assert.Equal("spec.securityContext.seccompProfile.type", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Theory]
    [InlineData("runtime/default", false)]
    [InlineData("docker/default", false)]
    [InlineData("localhost/profiles/audit.json", false)]
    [InlineData("unconfined", true)]
    public void Reads_the_legacy_pod_annotation(string value, bool reported)
    {
        var yaml = AnnotatedPod($"seccomp.security.alpha.kubernetes.io/pod: {value} # <-", "containers:\n- name: app\n  image: nginx");
        var result = IdentityRuleManifests.Scan(yaml);
        var findings = result.Findings(Rule);
        Assert.Equal(reported, findings.Count == 1);
        if (!reported) return;
        Assert.Equal(TestScan.MarkedLine(yaml), findings[0].Line);
        Assert.Equal("metadata.annotations.seccomp.security.alpha.kubernetes.io/pod", findings[0].Path);
        Assert.Equal("app", findings[0].Container);
    }

    [Fact]
    public void The_container_annotation_wins_over_the_pod_field_and_loses_to_the_container_field()
    {
        var yaml = AnnotatedPod("""
            container.seccomp.security.alpha.kubernetes.io/loose: unconfined # <-
            container.seccomp.security.alpha.kubernetes.io/fielded: unconfined
            """, """
            securityContext:
              seccompProfile:
                type: RuntimeDefault
            containers:
            - name: loose
              image: nginx
            - name: fielded
              image: nginx
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
            - name: plain
              image: nginx
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("loose", f.Container);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("metadata.annotations.container.seccomp.security.alpha.kubernetes.io/loose", f.Path);
    }

    [Fact]
    public void The_pod_field_wins_over_the_pod_annotation()
    {
        var result = IdentityRuleManifests.Scan(AnnotatedPod("seccomp.security.alpha.kubernetes.io/pod: unconfined",
            "securityContext:\n  seccompProfile:\n    type: RuntimeDefault\ncontainers:\n- name: app\n  image: nginx"));
        Assert.Empty(result.Findings(Rule));
    }

    [Fact]
    public void Reads_annotations_from_a_Deployment_template()
    {
        var yaml = IdentityRuleManifests.Deployment("containers:\n- name: app\n  image: nginx",
            templateAnnotations: "container.seccomp.security.alpha.kubernetes.io/app: runtime/default");
        Assert.Empty(IdentityRuleManifests.Scan(yaml).Findings(Rule));

        var unconfined = IdentityRuleManifests.Deployment("containers:\n- name: app\n  image: nginx",
            templateAnnotations: "container.seccomp.security.alpha.kubernetes.io/app: unconfined # <-");
        var f = Assert.Single(IdentityRuleManifests.Scan(unconfined).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(unconfined), f.Line);
        Assert.Equal("spec.template.metadata.annotations.container.seccomp.security.alpha.kubernetes.io/app", f.Path);
    }

    [Fact]
    public void Skips_windows_pods()
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod("os:\n  name: windows\ncontainers:\n- name: app\n  image: nanoserver")).Findings(Rule));
    }
}
