using System.Text.RegularExpressions;

namespace Stockade.Kube;

/// <summary>The syntax of a Kubernetes resource quantity (k8s.io/apimachinery resource.Quantity).</summary>
internal static partial class QuantitySyntax
{
    // <signedNumber><suffix>: binarySI (Ki…Ei), decimalSI (n u m "" k M G T P E) or decimalExponent (e/E<signed int>).
    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string text) => text.Length > 0 && Pattern().IsMatch(text);

    /// <summary>True for a quantity whose value is zero (e.g. <c>0</c>, <c>0m</c>, <c>0Gi</c>).</summary>
    public static bool IsZero(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '1' and <= '9') return false;
            if (char.IsAsciiLetter(c)) break;
        }
        return true;
    }
}
