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

    internal RuleContext(Rule rule, Severity severity, RuleSettings settings, string file, ObjectRef obj, List<Finding> sink)
    {
        _rule = rule;
        _severity = severity;
        Settings = settings;
        _file = file;
        _object = obj;
        _sink = sink;
    }

    public RuleSettings Settings { get; }

    /// <summary>Reports a finding at a position with its field path.</summary>
    public void Report(SourcePosition position, string path, string message, ContainerModel? container = null, string? control = null, string? policy = null)
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
        });
    }

    /// <summary>
    /// A context that reports as <paramref name="rule"/> at <paramref name="severity"/> into the same
    /// object's findings: for a rule that runs other rules (the namespace Pod Security profile).
    /// </summary>
    public RuleContext As(Rule rule, Severity severity) => new(rule, severity, Settings, _file, _object, _sink);

    /// <summary>Reports a finding about a field that is set.</summary>
    public void Report<T>(Field<T> field, string message, ContainerModel? container = null, string? control = null) =>
        Report(field.Position, field.Path, message, container, control);
}
