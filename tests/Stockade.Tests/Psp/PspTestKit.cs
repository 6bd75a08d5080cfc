using System.Text;
using Stockade.Kube;
using Stockade.Psp;
using Stockade.Yaml;

namespace Stockade.Tests.Psp;

/// <summary>Builds policies and pods from YAML for the PSP tests.</summary>
internal static class PspTestKit
{
    /// <summary>A policy with the required strategies as RunAsAny, plus <paramref name="specBody"/> (spec-level YAML).</summary>
    public static string Policy(string specBody, string name = "p", string annotations = "") => $"""
        apiVersion: policy/v1beta1
        kind: PodSecurityPolicy
        metadata:
          name: {name}
        {(annotations.Length > 0 ? "  annotations:\n" + TestScan.Indent(annotations, 4) : "")}
        spec:
          runAsUser: {"{"}rule: RunAsAny{"}"}
          seLinux: {"{"}rule: RunAsAny{"}"}
          supplementalGroups: {"{"}rule: RunAsAny{"}"}
          fsGroup: {"{"}rule: RunAsAny{"}"}
          volumes: ['*']
        {TestScan.Indent(specBody, 2)}
        """;

    public static PspPolicy Load(string yaml)
    {
        var set = PspLoader.FromText(yaml);
        Assert.Empty(set.Errors);
        return Assert.Single(set.Policies);
    }

    public static List<PspLoadError> Errors(string yaml) => PspLoader.FromText(yaml).Errors;

    public static KubeObject Object(string yaml)
    {
        var raw = DocumentSplitter.Split(new MemoryStream(Encoding.UTF8.GetBytes(yaml)), "pod.yaml", ParseLimits.Default).First();
        var doc = raw.Parse(ParseLimits.Default)[0];
        return ObjectReader.Read(doc, new List<ReadNote>())[0];
    }

    public static PodSubject Pod(string podSpecBody) => WorkloadLocator.Locate(Object(TestScan.Pod(podSpecBody)))!;

    public static List<PspError> Check(string specBody, string podSpecBody, string annotations = "") =>
        PspProvider.Validate(Load(Policy(specBody, annotations: annotations)), Pod(podSpecBody));

    public const string Plain = "containers:\n- name: app\n  image: x";
}
