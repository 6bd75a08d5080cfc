using System.Text;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Tests.Vap;

/// <summary>Policies, bindings and objects as text, evaluated the way a scan evaluates them.</summary>
internal static class VapFixtures
{
    public static string Policy(string spec, string name = "p") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: {name}
        spec:
        {TestScan.Indent(spec, 2)}
        """;

    public static string Binding(string spec = "validationActions: [Deny]", string policy = "p", string name = "b") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: {name}
        spec:
          policyName: {policy}
        {TestScan.Indent(spec, 2)}
        """;

    public const string PodsRule = """
        matchConstraints:
          resourceRules:
          - apiGroups: [""]
            apiVersions: ["v1"]
            operations: ["CREATE", "UPDATE"]
            resources: ["pods"]
        """;

    public static VapPolicySet Load(params string[] documents)
    {
        var set = VapLoader.FromText(string.Join("\n---\n", documents));
        Assert.Empty(set.Errors);
        return set;
    }

    public static KubeObject Object(string yaml) =>
        KubeObjects.Read([new ScanInput("obj.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(yaml)))], ParseLimits.Default).Single();

    public static VapDecision Evaluate(VapPolicySet set, string objectYaml) => set.Evaluate(VapOffline.Create(Object(objectYaml), set));

    public const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: team-a
          labels: {app: web}
        spec:
          containers:
          - name: c
            image: nginx:latest
        """;
}
