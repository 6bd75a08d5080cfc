using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.PodSecurity;

/// <summary>
/// What a failed check found, as Pod Security Admission words it (<c>ForbiddenReason</c> and
/// <c>ForbiddenDetail</c>), and where the first offending field was written.
/// </summary>
internal sealed record Violation(string Reason, string Detail, SourcePosition Position, string Path, ContainerModel? Container = null)
{
    /// <summary>PSA's rendering of one failed check: <c>reason (detail)</c>, or the reason alone.</summary>
    public string Message => Detail.Length == 0 ? Reason : $"{Reason} ({Detail})";
}

/// <summary>Where a check first found something wrong; later offences only add to the wording.</summary>
internal sealed class FirstOffence
{
    private ContainerModel? _container;
    private int _containers;

    public SourcePosition Position { get; private set; }
    public string? Path { get; private set; }

    public void At(SourcePosition position, string path, ContainerModel? container = null)
    {
        if (container != null && !ReferenceEquals(container, _container))
        {
            _containers++;
            _container ??= container;
        }
        if (Path != null) return;
        Position = position;
        Path = path;
    }

    public void At<T>(Field<T> field, ContainerModel? container = null) => At(field.Position, field.Path, container);

    public bool Found => Path != null;

    public Violation Violation(string reason, string detail) =>
        new(reason, detail, Position, Path!, _containers == 1 ? _container : null);
}
