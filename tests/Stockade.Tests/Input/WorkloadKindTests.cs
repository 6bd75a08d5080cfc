namespace Stockade.Tests.Input;

/// <summary>Every kind that carries a pod spec is checked at the right path; other kinds are not.</summary>
public class WorkloadKindTests
{
    private const string Containers = "containers: [{name: app, image: nginx, securityContext: {privileged: true}}]";

    [Theory]
    [InlineData("v1", "Pod", "spec: {CONTAINERS}", "spec")]
    [InlineData("v1", "PodTemplate", "template: {spec: {CONTAINERS}}", "template.spec")]
    [InlineData("apps/v1", "Deployment", "spec: {selector: {}, template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    [InlineData("apps/v1", "StatefulSet", "spec: {template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    [InlineData("apps/v1", "DaemonSet", "spec: {template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    [InlineData("apps/v1", "ReplicaSet", "spec: {template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    [InlineData("v1", "ReplicationController", "spec: {template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    [InlineData("batch/v1", "Job", "spec: {template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    [InlineData("batch/v1", "CronJob", "spec: {schedule: '* * * * *', jobTemplate: {spec: {template: {spec: {CONTAINERS}}}}}", "spec.jobTemplate.spec.template.spec")]
    [InlineData("batch/v1beta1", "CronJob", "spec: {jobTemplate: {spec: {template: {spec: {CONTAINERS}}}}}", "spec.jobTemplate.spec.template.spec")]
    [InlineData("argoproj.io/v1alpha1", "Rollout", "spec: {template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    [InlineData("apps.openshift.io/v1", "DeploymentConfig", "spec: {template: {spec: {CONTAINERS}}}", "spec.template.spec")]
    public void Each_workload_kind_is_checked_at_its_pod_spec(string apiVersion, string kind, string body, string specPath)
    {
        var yaml = $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: w}}\n{body.Replace("CONTAINERS", Containers)}\n";
        var result = InputKit.Scan(yaml);
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal($"{specPath}.containers[0].securityContext.privileged", finding.Path);
        Assert.Equal(4, finding.Line);
        Assert.Equal(kind, finding.Object.Kind);
    }

    [Theory]
    [InlineData("apps/v1", "Deployment", "spec: {replicas: 1}", "spec.template.spec")]
    [InlineData("apps/v1", "Deployment", "metadata2: {}", "spec.template.spec")]
    [InlineData("batch/v1", "CronJob", "spec: {schedule: x}", "spec.jobTemplate.spec.template.spec")]
    [InlineData("v1", "Pod", "metadata2: {}", "spec")]
    [InlineData("v1", "PodTemplate", "template: {}", "template.spec")]
    public void A_workload_without_its_pod_spec_is_an_error(string apiVersion, string kind, string body, string missing)
    {
        var result = InputKit.Scan($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: w}}\n{body}\n");
        var error = Assert.Single(result.Errors);
        Assert.Contains($"has no {missing}", error.Message);
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Equal(Engine.RunOutcome.Incomplete, result.Outcome);
    }

    [Theory]
    [InlineData("v1", "Service", "spec: {ports: [{port: 80}], template: {spec: {containers: 1}}}")]
    [InlineData("v1", "ConfigMap", "data: {privileged: 'true'}")]
    [InlineData("argoproj.io/v1alpha1", "Rollout", "spec: {workloadRef: {kind: Deployment, name: x}}")]
    [InlineData("example.com/v1", "Pod", "spec: {containers: [{name: a, securityContext: {privileged: true}}]}")]
    [InlineData("batch.volcano.sh/v1alpha1", "Job", "spec: {tasks: [{replicas: 1, template: {spec: {containers: []}}}]}")]
    [InlineData("example.com/v1", "Deployment", "spec: {replicas: 2}")]
    [InlineData("example.com/v1", "CronJob", "spec: {schedule: x}")]
    public void Objects_without_a_pod_spec_produce_no_pod_findings_and_no_errors(string apiVersion, string kind, string body)
    {
        var result = InputKit.Scan($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: x}}\n{body}\n");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings("privileged-container"));
        Assert.Single(result.Objects);
    }

    [Theory]
    [InlineData("initContainers", "spec.initContainers[0].securityContext.privileged")]
    [InlineData("ephemeralContainers", "spec.ephemeralContainers[0].securityContext.privileged")]
    public void Init_and_ephemeral_containers_are_checked(string list, string path)
    {
        var yaml = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers: [{{name: app, image: x}}]\n  {list}:\n  - name: extra\n    image: x\n    securityContext: {{privileged: yes}}\n";
        var finding = Assert.Single(InputKit.Scan(yaml).Findings("privileged-container"));
        Assert.Equal(path, finding.Path);
        Assert.Equal("extra", finding.Container);
        Assert.Equal(9, finding.Line);
    }

    [Fact]
    public void A_decode_error_inside_a_template_fails_the_object_without_guessing()
    {
        var yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        securityContext: {privileged: 'true', runAsUser: 0}\n";
        var result = InputKit.Scan(yaml);
        var error = Assert.Single(result.Errors);
        Assert.Contains("spec.template.spec.containers[0].securityContext.privileged", error.Message);
        Assert.Equal(9, error.Line);
        Assert.Empty(result.Findings);
        Assert.Equal(Engine.Verdict.Fail, Assert.Single(result.Objects).Verdict);
    }
}
