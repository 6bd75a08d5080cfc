namespace Stockade.Cel.Values;

/// <summary>
/// A value of a library-defined type (Kubernetes' Quantity, URL, IP, CIDR, Semver, Format):
/// <c>type(x)</c> and "no such overload" messages name its CEL type, and <c>==</c> goes through Equals.
/// </summary>
internal interface ICelTypedValue
{
    CelType CelType { get; }
}
