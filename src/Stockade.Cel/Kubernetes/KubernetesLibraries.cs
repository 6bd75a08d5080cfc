namespace Stockade.Cel;

/// <summary>
/// A library of the API server's CEL environment and the Kubernetes minor version that added it
/// (and, for strings v0's successor, removed it), as upstream's
/// <c>staging/src/k8s.io/apiserver/pkg/cel/environment/base.go</c> lists them. Functions are the
/// registry's keys: <c>name/arity</c> for a global function, <c>.name/arity</c> for a member (arity counts the receiver).
/// </summary>
internal sealed record KubernetesLibrary(string Name, int Introduced, string[] Functions, int? Removed = null);

internal static class KubernetesLibraries
{
    /// <summary>A minor version no Kubernetes release reaches: the functions of a library the API server never enables.</summary>
    public const int Never = int.MaxValue;

    /// <summary>
    /// Libraries that are not in every version. The 1.0 set (the standard definitions, strings v0, URLs,
    /// regex, Kubernetes' lists) is always present and not listed.
    /// </summary>
    public static readonly KubernetesLibrary[] Versioned =
    [
        new("authz", 27,
        [
            ".path/2", ".group/2", ".serviceAccount/3", ".resource/2", ".subresource/2", ".namespace/2", ".name/2",
            ".check/2", ".allowed/1", ".reason/1", ".errored/1", ".error/1",
        ]),
        // library.AuthzSelectors is introduced at 1.31 behind AuthorizeWithSelectors, which is on by default from 1.32 (beta).
        new("authz selectors", 32, [".fieldSelector/2", ".labelSelector/2"]),
        new("optional types", 28, ["optional.of/1", "optional.none/0", "optional.ofNonZeroValue/1", ".hasValue/1", ".value/1"]),
        new("quantity", 28,
        [
            "quantity/1", "isQuantity/1", ".sign/1", ".isInteger/1", ".asInteger/1", ".asApproximateFloat/1",
            ".add/2", ".sub/2", ".compareTo/2", ".isGreaterThan/2", ".isLessThan/2",
        ]),
        // ext.Strings(ext.StringsVersion(2)) replaces version 0 at 1.29: format and strings.quote are its additions.
        new("strings v2", 29, [".format/2", "strings.quote/1"]),
        new("sets", 29, ["sets.contains/2", "sets.equivalent/2", "sets.intersects/2"]),
        new("ip", 30,
        [
            "ip/1", "isIP/1", "ip.isCanonical/1", ".family/1", ".isUnspecified/1", ".isLoopback/1",
            ".isLinkLocalMulticast/1", ".isLinkLocalUnicast/1", ".isGlobalUnicast/1",
        ]),
        new("cidr", 30, ["cidr/1", "isCIDR/1", ".containsIP/2", ".containsCIDR/2", ".ip/1", ".masked/1", ".prefixLength/1"]),
        new("format", 31, FormatFunctions()),
        new("two-variable comprehensions", 32, []),
        new("semver", 33, ["semver/1", "semver/2", "isSemver/1", "isSemver/2", ".major/1", ".minor/1", ".patch/1"]),
        // ext.Lists(ext.ListsVersion(3)); its list reverse is added back by CelEnvironment (the key is strings v3's too).
        new(ListsLibrary, 34, [".slice/3", ".distinct/1", ".flatten/1", ".flatten/2", ".sort/1", ".@sortByAssociatedKeys/2", "lists.range/1"]),
        // Registered for cel-go's conformance suites, never enabled by the API server: strings v3's
        // reverse (and the lists' reverse sharing its key before 1.34), ext.Bindings' cel.bind.
        new("cel-go extensions Kubernetes does not enable", Never, [".reverse/1"]),
    ];

    private static string[] FormatFunctions() =>
    [
        "format.named/1", ".validate/2",
        .. new[]
        {
            "dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix", "dns1123SubdomainPrefix",
            "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime",
        }.Select(f => $"format.{f}/0"),
    ];

    public const string ListsLibrary = "lists";

    public static bool Has(string library, int minor) => Versioned.First(l => l.Name == library) is var l && minor >= l.Introduced && (l.Removed == null || minor < l.Removed);

    /// <summary>Function keys a Kubernetes version does not have (compareTo/isGreaterThan/isLessThan stay when semver is absent: quantity has them).</summary>
    public static IEnumerable<string> Missing(int minor) =>
        Versioned.Where(l => !(minor >= l.Introduced && (l.Removed == null || minor < l.Removed))).SelectMany(l => l.Functions);
}
