using System.Text.Json.Nodes;

namespace Stockade.Fix;

/// <summary>
/// One edit of a fix: the value to write at a JSON pointer of the object (from the document root,
/// as the pod model's paths are), or the key to remove there; and the rule it answers.
/// </summary>
/// <param name="Pointer">Where, e.g. <c>/spec/template/spec/containers/0/securityContext/privileged</c>.</param>
/// <param name="Value">What to write (ignored when <paramref name="Remove"/>).</param>
/// <param name="Rule">The rule whose finding the edit fixes.</param>
/// <param name="Description">What changed, for the user: <c>container "app": privileged=false</c>.</param>
/// <param name="Remove">True to remove the key (a legacy annotation replaced by its field).</param>
/// <param name="Container">The container changed (as findings name it), or null for a pod-level change.</param>
internal sealed record FixChange(string Pointer, JsonNode? Value, string Rule, string Description, bool Remove = false, string? Container = null);

/// <summary>What <c>fix</c> may decide on its own and what it needs the user to say.</summary>
internal sealed record FixOptions
{
    /// <summary>The UID to run as where the image's user (or UID 0, or a low UID) must be replaced; only the user knows one the image works with.</summary>
    public long? RunAsUser { get; init; }

    /// <summary>The GID to run as (runAsGroup, and fsGroup where a low one is set).</summary>
    public long? RunAsGroup { get; init; }

    /// <summary>With a read-only root filesystem, mount an emptyDir at /tmp in each container fixed (most programs write there).</summary>
    public bool TmpEmptyDir { get; init; }

    /// <summary>Only these rules are fixed; null for every rule.</summary>
    public IReadOnlySet<string>? Rules { get; init; }
}
