using static Stockade.PodSecurity.AdmissionPolicies.CelText;

namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>
/// Builders of the CEL the hardened rules' policies share: a container's effective security
/// settings (its own field, else the pod's, as <see cref="Kube.EffectiveSecurityContext"/>), capability
/// names compared as <see cref="Kube.Capabilities.Normalize"/> compares them, and the wording of a
/// finding about a container. CEL of Kubernetes 1.30, as the Pod Security Standards policies.
/// </summary>
internal static class HardenedCelText
{
    public const string AllContainers = ControlCels.AllContainers;
    public const string PodSc = ControlCels.PodSc;
    public const string Spec = ControlCels.Spec;
    public const string IsWindows = ControlCels.IsWindows;

    /// <summary><c>container "NAME"</c> as the start of a CEL string concatenation (the closing quote included).</summary>
    public static string ContainerWords(string c) => $"'container \"' + {Name(c)} + '\"";

    /// <summary>A container field, else the pod's (optional): <see cref="Kube.EffectiveSecurityContext"/>'s Pick.</summary>
    public static string Inherited(string c, string field) => $"{Sc(c)}.?{field}.or({PodSc}.?{field})";

    /// <summary>
    /// A capability name as <see cref="Kube.Capabilities.Normalize"/> reads an added one: trimmed,
    /// upper case, without <c>CAP_</c>.
    /// </summary>
    public static string Capability(string name)
    {
        var upper = $"{GoUpper(name + ".trim()")}";
        return $"({upper}.startsWith('CAP_') ? {upper}.substring(4) : {upper})";
    }

    /// <summary>A drop entry as <see cref="Kube.Capabilities.DroppedName"/> reads it: upper case, nothing else.</summary>
    public static string DroppedName(string name) => GoUpper(name);

    /// <summary>
    /// Go's upper case (the runtimes'): the dotless <c>ı</c> and the long <c>ſ</c>, which it maps to
    /// ASCII and upperAscii does not, are replaced first (by split and join rather than the strings
    /// library's replace, which the cel-js oracle of the tests lacks).
    /// </summary>
    private static string GoUpper(string name) => $"{name}.split('\\u0131').join('I').split('\\u017F').join('S').upperAscii()";

    public static string Adds(string c) => $"{Sc(c)}.?capabilities.?add.orValue([])";

    public static string Drops(string c) => $"{Sc(c)}.?capabilities.?drop.orValue([])";

    /// <summary>True when an add list grants <paramref name="capability"/> (<see cref="Kube.Capabilities.Adds"/>).</summary>
    public static string AddsCapability(string list, string capability) => $"{list}.exists(x, {Capability("x")} == {Lit(capability)})";

    /// <summary>True when a drop list removes <paramref name="capability"/> on every runtime (<see cref="Kube.Capabilities.Drops"/>).</summary>
    public static string DropsCapability(string list, string capability) => $"{list}.exists(x, {DroppedName("x")} == {Lit(capability)})";

    /// <summary>
    /// <see cref="Kube.Capabilities.DropHint"/>: the message's note on the first drop entry some
    /// runtime reads as one of <paramref name="capabilities"/> and containerd does not drop, else ''.
    /// </summary>
    public static string DropHint(string list, params string[] capabilities)
    {
        var notHonoured = $"{Capability("x")} in {List(capabilities)} && {DroppedName("x")} != {Capability("x")}";
        var first = $"{list}.filter(x, {notHonoured})[0]";
        return $"({list}.exists(x, {notHonoured}) ? '; capabilities.drop \"' + {first} + '\" drops nothing on containerd, which adds CAP_ itself and does not trim: write ' + " +
               $"{Capability(first)} : '')";
    }

    /// <summary>One message when <paramref name="condition"/> holds, else none.</summary>
    public static string When(string condition, string message) => $"({condition} ? [{message}] : [])";

    /// <summary>For each container, its messages (a list of strings), flattened in container order.</summary>
    public static string PerContainer(string messagesOfC) => Flatten($"{AllContainers}.map(c, {messagesOfC})");
}
