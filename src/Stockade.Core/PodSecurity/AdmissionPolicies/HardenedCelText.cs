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
    /// A capability name as <see cref="Kube.Capabilities.Normalize"/> compares it: trimmed, upper case,
    /// without <c>CAP_</c>; the dotless <c>ı</c> and the long <c>ſ</c>, which Go's upper case (the
    /// runtimes') maps to ASCII and upperAscii does not, are replaced first (by split and join rather
    /// than the strings library's replace, which the cel-js oracle of the tests lacks).
    /// </summary>
    public static string Capability(string name)
    {
        var upper = $"{name}.trim().split('\\u0131').join('I').split('\\u017F').join('S').upperAscii()";
        return $"({upper}.startsWith('CAP_') ? {upper}.substring(4) : {upper})";
    }

    public static string Adds(string c) => $"{Sc(c)}.?capabilities.?add.orValue([])";

    public static string Drops(string c) => $"{Sc(c)}.?capabilities.?drop.orValue([])";

    /// <summary>True when <paramref name="list"/> holds <paramref name="capability"/> after normalising (<see cref="Kube.Capabilities.Contains"/>).</summary>
    public static string HasCapability(string list, string capability) => $"{list}.exists(x, {Capability("x")} == {Lit(capability)})";

    /// <summary>One message when <paramref name="condition"/> holds, else none.</summary>
    public static string When(string condition, string message) => $"({condition} ? [{message}] : [])";

    /// <summary>For each container, its messages (a list of strings), flattened in container order.</summary>
    public static string PerContainer(string messagesOfC) => Flatten($"{AllContainers}.map(c, {messagesOfC})");
}
