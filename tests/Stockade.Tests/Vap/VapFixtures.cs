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

    /// <summary>Loads a set whose policies are well-typed: the type checker (sound) must give no warning.</summary>
    public static VapPolicySet Load(params string[] documents)
    {
        var set = LoadIllTyped(documents);
        // The type checker is sound: no fixture policy (each well-typed under cel-go's checker) gets a warning.
        Assert.Empty(set.Policies.SelectMany(p => p.TypeWarnings.Select(w => $"{p.Name} {w.FieldRef}: {w.Text}")));
        return set;
    }

    /// <summary>Loads a set that may read fields its kinds do not have (to reach evaluation errors).</summary>
    public static VapPolicySet LoadIllTyped(params string[] documents)
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
