using Stockade.Engine;
using Stockade.PodSecurity;
using Stockade.Profiles;
using Stockade.Rules;
using Stockade.Yaml;
using Stockade.Rules.Custom;

namespace Stockade.Krm;

/// <summary>What the host gives the function besides the input: its name in messages, the date exemptions expire against, the limits.</summary>
internal sealed record KrmOptions
{
    /// <summary>What messages call the input (<c>stdin</c>).</summary>
    public string InputName { get; init; } = "stdin";

    public required DateOnly Today { get; init; }
    public ParseLimits Limits { get; init; } = ParseLimits.Default;
    public int MaxParallelism { get; init; } = 1;
}

/// <summary>The ResourceList to write on standard output, and what the run came to (the exit code).</summary>
/// <param name="Text">The output ResourceList.</param>
/// <param name="Outcome">
/// <see cref="RunOutcome.Failed"/> when a result is an error because of a finding,
/// <see cref="RunOutcome.Incomplete"/> when the input or an item could not be read.
/// </param>
/// <param name="Error">Why the input could not be used at all, for standard error; null when it could.</param>
internal sealed record KrmOutput(string Text, RunOutcome Outcome, string? Error);

/// <summary>
/// <c>stockade krm</c> without its host: a KRM function (validator) that reads a ResourceList,
/// scans its items as <c>stockade scan</c> would scan them, with the options of its
/// functionConfig, and gives the ResourceList back with the findings as results. Items are never
/// changed.
/// </summary>
internal static class KrmFunction
{
    public static KrmOutput Run(byte[] input, KrmOptions options)
    {
        ResourceList list;
        try
        {
            list = ResourceList.Read(input, options.InputName, options.Limits);
        }
        catch (ResourceListException e)
        {
            return Refuse(e.Message);
        }
        try
        {
            var config = KrmFunctionConfig.Read(list.FunctionConfig, options.InputName, Catalog.Ids);
            var scan = Scan(input, config, options);
            return new KrmOutput(ResourceListOutput.Write(list, KrmResults.Of(scan, list, options.InputName)), scan.Outcome, null);
        }
        catch (ResourceListException e)
        {
            // The items go back untouched: the orchestrator stops on the exit code, not on lost objects.
            return new KrmOutput(ResourceListOutput.Write(list, [KrmResults.Failure(e.Message)]), RunOutcome.Incomplete, e.Message);
        }
    }

    /// <summary>The answer to an input the host could not hand over (too large to read): no items, one error result.</summary>
    public static KrmOutput Refuse(string message) => new(ResourceListOutput.Failure(KrmResults.Failure(message)), RunOutcome.Incomplete, message);

    private static ScanResult Scan(byte[] input, KrmFunctionConfig config, KrmOptions options)
    {
        var profileName = config.Profile ?? config.Config.Profile ?? ProfileRegistry.DefaultName;
        Profile profile;
        try
        {
            profile = profileName == NamespaceProfile.Name
                ? NamespaceProfile.FromInput(config.NamespaceDefault ?? new LevelVersion(PodSecurityLevel.Baseline, PodSecurityVersion.Latest))
                : ProfileRegistry.Resolve(profileName);
        }
        catch (UnknownProfileException e)
        {
            throw new ResourceListException($"{options.InputName}: functionConfig.data.profile: {e.Message}");
        }
        var scanner = new Scanner(new ScanOptions
        {
            Profile = CustomRules.Join(profile, config.Config),
            Config = config.Config,
            FailOn = config.FailOnGiven ? config.FailOn : Verdicts.FailOn(config.Config),
            Today = options.Today,
            Limits = options.Limits,
            MaxParallelism = options.MaxParallelism,
            FieldValidation = config.Validation,
            BundleFromInput = true,
            Spool = new MemorySpool(),
        });
        return scanner.Scan([new ScanInput(options.InputName, () => new MemoryStream(input, writable: false)) { IsStream = true }]);
    }

    /// <summary>The input is in memory already: the documents the whole-input rules read again are kept as they are.</summary>
    private sealed class MemorySpool : IDocumentSpool
    {
        private readonly List<RawDocument> _documents = [];

        public ScanError? Overflow => null;

        public void Add(RawDocument document) => _documents.Add(document);

        public IEnumerable<RawDocument> Replay() => _documents;
    }
}
