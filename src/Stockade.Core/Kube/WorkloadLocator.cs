using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>
/// Finds the pod spec of any object that has one: Pod (<c>spec</c>), PodTemplate
/// (<c>template.spec</c>), CronJob (<c>spec.jobTemplate.spec.template.spec</c>), the workload
/// controllers, and any other kind carrying a pod template with containers under <c>spec</c>
/// (<c>template</c>, <c>podTemplate</c>, <c>jobTemplate</c>: see <see cref="TemplatePlaces"/>).
/// </summary>
internal static class WorkloadLocator
{
    /// <summary>
    /// The built-in kinds that must carry <c>spec.template</c>, with the API groups they are built in
    /// to: a custom resource of the same kind name (a Volcano <c>batch.volcano.sh</c> Job) has its own shape.
    /// </summary>
    private static readonly Dictionary<string, string[]> TemplateKinds = new(StringComparer.Ordinal)
    {
        ["Deployment"] = ["apps", "extensions"],
        ["StatefulSet"] = ["apps"],
        ["DaemonSet"] = ["apps", "extensions"],
        ["ReplicaSet"] = ["apps", "extensions"],
        ["ReplicationController"] = [""],
        ["Job"] = ["batch"],
    };

    /// <summary>True for the built-in kinds that must carry a pod template.</summary>
    public static bool IsWorkloadKind(string kind) => kind is "Pod" or "PodTemplate" or "CronJob" || TemplateKinds.ContainsKey(kind);

    private static bool IsBuiltInTemplateKind(KubeObject obj) =>
        TemplateKinds.TryGetValue(obj.Kind, out var groups) && groups.Contains(obj.Group);

    /// <summary>The pod subject of <paramref name="obj"/>, or null when it has no pod spec.</summary>
    public static PodSubject? Locate(KubeObject obj)
    {
        var ctx = obj.Decode;
        var p = obj.PathPrefix;
        switch (obj.Kind)
        {
            case "Pod" when obj.Group.Length == 0:
            {
                var spec = ctx.Mapping(obj.Root, "spec", p);
                if (spec == null) return Missing(obj, "spec");
                var meta = obj.Root["metadata"] as YMapping;
                return Subject(obj, spec, FieldPaths.Join(p, "spec"), obj.Annotations, obj.Labels, FieldPaths.Join(p, "metadata"), meta?.Position ?? obj.Position, meta, obj.Root);
            }
            case "PodTemplate" when obj.Group.Length == 0:
                return FromTemplate(obj, ctx.Mapping(obj.Root, "template", p), FieldPaths.Join(p, "template"), required: true);
            case "CronJob" when obj.Group == "batch":
            {
                var spec = ctx.Mapping(obj.Root, "spec", p);
                var specPath = FieldPaths.Join(p, "spec");
                var jobTemplate = ctx.Mapping(spec, "jobTemplate", specPath);
                var jtPath = FieldPaths.Join(specPath, "jobTemplate");
                var jobSpec = ctx.Mapping(jobTemplate, "spec", jtPath);
                var jobSpecPath = FieldPaths.Join(jtPath, "spec");
                return FromTemplate(obj, ctx.Mapping(jobSpec, "template", jobSpecPath), FieldPaths.Join(jobSpecPath, "template"), required: true);
            }
            default:
            {
                var specPath = FieldPaths.Join(p, "spec");
                if (IsBuiltInTemplateKind(obj))
                {
                    return FromTemplate(obj, ctx.Mapping(ctx.Mapping(obj.Root, "spec", p), "template", specPath), FieldPaths.Join(specPath, "template"), required: true);
                }
                // Any other kind is judged by shape, as Kubescape finds SandboxTemplate's pod: the first
                // of the usual template places that holds a pod spec with containers.
                var spec = obj.Root["spec"] as YMapping;
                foreach (var keys in TemplatePlaces)
                {
                    var (template, templatePath) = Walk(spec, specPath, keys);
                    if (CarriesPodSpec(template)) return FromTemplate(obj, template, templatePath, required: false);
                }
                return null;
            }
        }
    }

    /// <summary>
    /// Where custom resources keep a pod template under <c>spec</c>: <c>template</c> (Argo Rollouts,
    /// OpenShift DeploymentConfig, Knative…), <c>podTemplate</c> (agent-sandbox SandboxTemplate, several
    /// operators), and a CronJob-like <c>jobTemplate.spec.template</c> or <c>jobTemplate.template</c>.
    /// </summary>
    private static readonly string[][] TemplatePlaces =
    [
        ["template"],
        ["podTemplate"],
        ["jobTemplate", "spec", "template"],
        ["jobTemplate", "template"],
    ];

    private static (YMapping? Node, string Path) Walk(YMapping? node, string path, string[] keys)
    {
        foreach (var key in keys)
        {
            node = node?[key] as YMapping;
            path = FieldPaths.Join(path, key);
        }
        return (node, path);
    }

    private static bool CarriesPodSpec(YMapping? template) =>
        template?["spec"] is YMapping podSpec && podSpec["containers"] is YSequence;

    private static PodSubject? FromTemplate(KubeObject obj, YMapping? template, string templatePath, bool required)
    {
        var ctx = obj.Decode;
        var spec = ctx.Mapping(template, "spec", templatePath);
        if (spec == null) return required ? Missing(obj, FieldPaths.Join(templatePath, "spec")) : null;
        var metaPath = FieldPaths.Join(templatePath, "metadata");
        var meta = ctx.Mapping(template, "metadata", templatePath);
        return Subject(obj, spec, FieldPaths.Join(templatePath, "spec"), ctx.StringMap(meta, "annotations", metaPath), ctx.StringMap(meta, "labels", metaPath), metaPath, meta?.Position ?? template!.Position, meta, template!);
    }

    private static PodSubject? Missing(KubeObject obj, string path)
    {
        if (!obj.Decode.HasErrors)
        {
            obj.Decode.Error(obj.Position, path, $"{obj.Kind} has no {path}; the API server requires it");
        }
        return null;
    }

    private static PodSubject Subject(KubeObject obj, YMapping spec, string specPath, Dictionary<string, Field<string>> annotations, Dictionary<string, Field<string>> labels, string metaPath, SourcePosition metaPosition,
        YMapping? meta, YMapping template) => new()
    {
        SpecNode = spec,
        MetadataNode = meta,
        TemplateNode = template,
        Object = obj,
        Spec = PodDecoder.Decode(spec, specPath, obj.Decode),
        PodAnnotations = annotations,
        PodLabels = labels,
        MetadataPath = metaPath,
        MetadataPosition = metaPosition,
    };
}
