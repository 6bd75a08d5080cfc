namespace Stockade.Vap;

/// <summary>
/// The cluster's ValidatingAdmissionPolicies, bindings and params as JSON, as a host last read
/// them; <paramref name="Version"/> changes whenever any of them did, so a reader compiles a
/// version once.
/// </summary>
internal sealed record VapClusterObjects(long Version, IReadOnlyList<string> Objects);
