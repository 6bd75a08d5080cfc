using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>What a rule gets besides its subject: settings, and where to report.</summary>
internal sealed class RuleContext
{
    private readonly List<Finding> _sink;
    private readonly string _file;
    private readonly ObjectRef _object;
    private Rule _rule;
    private Severity _severity;
    private readonly List<DependentFinding>? _dependent;

    // dependent: where findings that depend on bundle facts wait while the input is still being
    // read; null when bundle is final (given, or none gathered), and they are settled at once.
    internal RuleContext(Rule rule, Severity severity, RuleSettings settings, string file, ObjectRef obj, List<Finding> sink, ScanOrigin origin = ScanOrigin.Manifests, BundleFacts? bundle = null, List<DependentFinding>? dependent = null)
    {
        _dependent = dependent;
        Origin = origin;
        Bundle = bundle;
        _rule = rule;
        _severity = severity;
        Settings = settings;
        _file = file;
        _object = obj;
        _sink = sink;
    }

    /// <summary>
    /// This context, reporting as <paramref name="rule"/> from now on: the scanner checks an
    /// object with one context for all its rules, one after the other, instead of one per rule.
    /// </summary>
    internal RuleContext For(Rule rule, Severity severity)
    {
        _rule = rule;
        _severity = severity;
        return this;
    }

    public RuleSettings Settings { get; }

    /// <summary>Where the objects come from (manifests or an admission request).</summary>
    public ScanOrigin Origin { get; }

    /// <summary>The bundle's ServiceAccounts and LimitRanges, or null when they were not gathered.</summary>
    public BundleFacts? Bundle { get; }

    /// <summary>Reports a finding at a position with its field path.</summary>
    /// <summary>Where <see cref="Note"/> puts the notes of the document being checked; null where nothing takes them.</summary>
    internal List<ScanNote>? Notes { get; init; }

    /// <summary>A remark on the object that is not a finding (it fails nothing): the report's notes.</summary>
    public void Note(SourcePosition position, string message) => Notes?.Add(new ScanNote(_file, position.Line, position.Column, message));

    public void Report(SourcePosition position, string path, string message, ContainerModel? container = null, string? control = null, string? policy = null, string? binding = null) =>
        _sink.Add(Draft(position, path, message, container, control, policy) with { Binding = binding });

    /// <summary>
    /// Reports a finding whose final form depends on objects of the bundle (<paramref name="dependency"/>):
    /// the rule's <see cref="Rule.Settle"/> decides it, now when the bundle is known, else once the
    /// whole input has been read.
    /// </summary>
    public void ReportDepending(BundleDependency dependency, SourcePosition position, string path, string message, ContainerModel? container = null)
    {
        var draft = Draft(position, path, message, container, null, null);
        if (_dependent != null) _dependent.Add(new DependentFinding(_rule, draft, dependency));
        else if (_rule.Settle(draft, dependency, Bundle) is { } settled) _sink.Add(settled);
    }

    private Finding Draft(SourcePosition position, string path, string message, ContainerModel? container, string? control, string? policy) =>
        new()
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
        };

    /// <summary>
    /// A context that reports as <paramref name="rule"/> at <paramref name="severity"/> into the same
    /// object's findings: for a rule that runs other rules (the namespace Pod Security profile).
    /// </summary>
    public RuleContext As(Rule rule, Severity severity) => new(rule, severity, Settings, _file, _object, _sink, Origin, Bundle, _dependent);

    /// <summary>Reports a finding about a field that is set.</summary>
    public void Report<T>(Field<T> field, string message, ContainerModel? container = null, string? control = null) =>
        Report(field.Position, field.Path, message, container, control);
}
