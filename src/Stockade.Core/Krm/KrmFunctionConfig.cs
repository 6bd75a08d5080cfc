using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube.Schema;
using Stockade.PodSecurity;
using Stockade.Yaml;

namespace Stockade.Krm;

/// <summary>
/// The function's options, read from the ResourceList's <c>functionConfig</c>: a <c>v1 ConfigMap</c>
/// (what <c>kpt fn eval … -- key=value</c> writes, and what a kustomize validator's config is)
/// whose <c>data</c> holds the options <c>stockade scan</c> takes on its command line, and in
/// <c>config</c> the text of a <c>.stockade.yaml</c> (rules, settings, exemptions). Any other
/// object, and any key not listed here, is an error: an option that silently did nothing would
/// be a scan weaker than the one asked for.
/// </summary>
internal sealed record KrmFunctionConfig
{
    public static readonly IReadOnlyList<string> Keys = ["profile", "failOn", "namespaceDefault", "validate", "config"];

    public string? Profile { get; init; }
    public bool FailOnGiven { get; init; }
    public Severity? FailOn { get; init; }
    public LevelVersion? NamespaceDefault { get; init; }
    public FieldValidation Validation { get; init; } = FieldValidation.Strict;
    public StockadeConfig Config { get; init; } = StockadeConfig.Default;

    /// <summary>The options of <paramref name="node"/> (none: every default), or a <see cref="ResourceListException"/> saying where it is wrong.</summary>
    public static KrmFunctionConfig Read(YNode? node, string name, IReadOnlyCollection<string> ruleIds)
    {
        if (node == null) return new KrmFunctionConfig();
        string At(YNode n) => $"{name}:{n.Position.Line}:{n.Position.Column}";
        if (node is not YMapping map || (map["apiVersion"] as YScalar)?.Text != "v1" || (map["kind"] as YScalar)?.Text != "ConfigMap")
        {
            throw new ResourceListException($"{At(node)}: functionConfig: expected a v1 ConfigMap whose data holds the options ({string.Join(", ", Keys)})");
        }
        var data = map["data"];
        if (data is null or YScalar { Kind: ScalarKind.Null }) return new KrmFunctionConfig();
        if (data is not YMapping entries) throw new ResourceListException($"{At(data)}: functionConfig.data: expected a mapping");
        var result = new KrmFunctionConfig();
        foreach (var e in entries.Entries)
        {
            var where = $"{name}:{e.KeyPosition.Line}:{e.KeyPosition.Column}: functionConfig.data.{e.Key}";
            // A ConfigMap's data are strings; kpt writes `-- failOn=none` as one, and a number or boolean there is not a string to the API server either.
            if (e.Value is not YScalar { Kind: ScalarKind.String } value) throw new ResourceListException($"{where}: expected a string");
            var text = value.Text;
            result = e.Key switch
            {
                "profile" => result with { Profile = text },
                "failOn" => result with { FailOnGiven = true, FailOn = text == "none" ? null : SeverityNames.TryParse(text, out var s) ? s : throw new ResourceListException($"{where}: \"{text}\" is not low, medium, high, critical or none") },
                "namespaceDefault" => result with { NamespaceDefault = LevelVersion.TryParse(text, out var lv) ? lv : throw new ResourceListException($"{where}: \"{text}\" is not privileged, baseline or restricted, optionally with :latest or :v1.N") },
                "validate" => result with { Validation = FieldValidationNames.Parse(text) ?? throw new ResourceListException($"{where}: \"{text}\" is not strict, warn or ignore") },
                "config" => result with { Config = ReadConfig(text, value, name, ruleIds) },
                _ => throw new ResourceListException($"{where}: unknown key (expected one of: {string.Join(", ", Keys)})"),
            };
        }
        if (result.NamespaceDefault != null && (result.Profile ?? result.Config.Profile) != NamespaceProfile.Name)
        {
            throw new ResourceListException($"{name}: functionConfig.data.namespaceDefault goes with profile namespace");
        }
        return result;
    }

    /// <summary>The <c>.stockade.yaml</c> in <c>data.config</c>, whose positions are lines of that string.</summary>
    private static StockadeConfig ReadConfig(string text, YScalar value, string name, IReadOnlyCollection<string> ruleIds)
    {
        var label = $"{name}:{value.Position.Line}:{value.Position.Column}: functionConfig.data.config";
        StockadeConfig config;
        try
        {
            config = ConfigLoader.Parse(text, label, ruleIds);
        }
        catch (ConfigException e)
        {
            throw new ResourceListException(e.Message);
        }
        // Both name files on the machine that runs the function, which is not where the items came from.
        if (config.Exclude.Count > 0) throw new ResourceListException($"{label}: exclude: not supported by a KRM function (the orchestrator chooses the files)");
        if (config.Baseline != null) throw new ResourceListException($"{label}: baseline: not supported by a KRM function");
        return config;
    }
}
