using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>What a rule gets besides its subject: settings, and where to report.</summary>
public sealed class RuleContext
{
    private readonly List<Finding> _sink;
    private readonly string _file;
    private readonly ObjectRef _object;
    private readonly Rule _rule;
    private readonly Severity _severity;

    internal RuleContext(Rule rule, Severity severity, RuleSettings settings, string file, ObjectRef obj, List<Finding> sink, ScanOrigin origin = ScanOrigin.Manifests, BundleFacts? bundle = null)
    {
        Origin = origin;
        Bundle = bundle;
        _rule = rule;
        _severity = severity;
        Settings = settings;
        _file = file;
        _object = obj;
        _sink = sink;
    }

    public RuleSettings Settings { get; }

    /// <summary>Where the objects come from (manifests or an admission request).</summary>
    public ScanOrigin Origin { get; }

    /// <summary>The bundle's ServiceAccounts and LimitRanges, or null when they were not gathered.</summary>
    public BundleFacts? Bundle { get; }

    /// <summary>Reports a finding at a position with its field path.</summary>
    /// <param name="defaultedBy">
    /// Set when the API server will itself fix what the finding is about (a LimitRange default):
    /// the finding is suppressed with this as its reason, which every format prints.
    /// </param>
    public void Report(SourcePosition position, string path, string message, ContainerModel? container = null, string? control = null, string? policy = null, string? defaultedBy = null)
    {
        _sink.Add(new Finding
        {
            Rule = _rule.Id,
            Severity = _severity,
            Message = message,
            File = _file,
            Line = position.Line,
            Column = position.Column,
            Path = path,
            Container = container?.DisplayName,
            Object = _object,
            Control = control,
            Policy = policy,
            Suppressed = defaultedBy != null,
            SuppressionReason = defaultedBy,
        });
    }

    /// <summary>
    /// A context that reports as <paramref name="rule"/> at <paramref name="severity"/> into the same
    /// object's findings: for a rule that runs other rules (the namespace Pod Security profile).
    /// </summary>
    public RuleContext As(Rule rule, Severity severity) => new(rule, severity, Settings, _file, _object, _sink, Origin, Bundle);

    /// <summary>Reports a finding about a field that is set.</summary>
    public void Report<T>(Field<T> field, string message, ContainerModel? container = null, string? control = null) =>
        Report(field.Position, field.Path, message, container, control);
}
