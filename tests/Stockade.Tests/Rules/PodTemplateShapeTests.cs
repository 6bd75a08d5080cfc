namespace Stockade.Tests.Rules;

/// <summary>Custom resources whose pod template is not at spec.template are still read by every workload rule.</summary>
public class PodTemplateShapeTests
{
    [Fact]
    public void A_pod_template_under_spec_podTemplate_is_checked()
    {
        var result = TestScan.Yaml("""
            apiVersion: extensions.agents.x-k8s.io/v1alpha1
            kind: SandboxTemplate
            metadata:
              name: sandbox
              namespace: agents
            spec:
              podTemplate:
                spec:
                  containers:
                  - name: agent
                    image: registry.example.com/agent:1.0
                    securityContext:
                      privileged: true
            """);
        var f = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal("spec.podTemplate.spec.containers[0].securityContext.privileged", f.Path);
    }

    [Fact]
    public void A_cron_like_job_template_of_a_custom_resource_is_checked()
    {
        var result = TestScan.Yaml("""
            apiVersion: example.com/v1
            kind: ScheduledTask
            metadata:
              name: nightly
              namespace: ops
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      hostPID: true
                      containers:
                      - name: task
                        image: registry.example.com/task:1.0
            """);
        Assert.Equal("spec.jobTemplate.spec.template.spec.hostPID", Assert.Single(result.Findings("host-pid")).Path);
    }

    [Fact]
    public void A_custom_resource_without_a_pod_template_is_not_a_workload()
    {
        var result = TestScan.Yaml("""
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
              namespace: ops
            spec:
              podTemplate:
                replicas: 2
            """);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings("privileged-container"));
        Assert.Empty(result.Findings("run-as-root"));
    }
}
