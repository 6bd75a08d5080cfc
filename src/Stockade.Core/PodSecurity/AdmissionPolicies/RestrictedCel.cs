using static Stockade.PodSecurity.AdmissionPolicies.CelText;
using static Stockade.PodSecurity.AdmissionPolicies.ControlCels;

namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>The restricted controls in CEL, transcribed as <see cref="BaselineCel"/>'s are.</summary>
internal static class RestrictedCel
{
    private static string Unless(string condition, bool when, string failing) => when ? $"!{condition} && ({failing})" : failing;

    public static IReadOnlyList<CelVariable> Volumes(string id)
    {
        var allowedSources = Controls.RestrictedVolumes.AllowedSources.Order(StringComparer.Ordinal).ToList();
        var restrictedSources = Controls.RestrictedVolumes.RestrictedSources;
        // A volume with no known source is defaulted to emptyDir by the API server: allowed.
        var bad = $"{List([.. allowedSources, .. restrictedSources])}.exists(s, s in v) && !{List(allowedSources)}.exists(s, s in v)";
        return
        [
            new($"{id}_volumes", $"variables.volumes.filter(v, {bad})"),
            new($"{id}_names", $"variables.{id}_volumes.map(v, {Name("v")})"),
            // PSA names the first restricted source, in its own order.
            .. BaselineCel.Sorted($"{id}_types", $"variables.{id}_volumes.map(v, {List(restrictedSources)}.filter(s, s in v)[0])"),
            Message(id, $"size(variables.{id}_names) > 0", Lit("restricted volume types"),
                $"{Plural($"variables.{id}_names", "volume", "volumes")} + ' ' + {JoinQuote($"variables.{id}_names")} + ' ' + {Plural($"variables.{id}_names", "uses", "use")} + ' ' + " +
                $"{Plural($"variables.{id}_types", "restricted volume type", "restricted volume types")} + ' ' + {JoinQuote($"variables.{id}_types")}"),
        ];
    }

    public static IReadOnlyList<CelVariable> AllowPrivilegeEscalation(string id, bool exemptWindows) =>
    [
        new($"{id}_containers", $"{AllContainers}.filter(c, {Sc("c")}.?allowPrivilegeEscalation.orValue(true) != false).map(c, {Name("c")})"),
        Message(id, Unless(IsWindows, exemptWindows, $"size(variables.{id}_containers) > 0"), Lit("allowPrivilegeEscalation != false"),
            $"{Containers($"variables.{id}_containers")} + ' must set securityContext.allowPrivilegeEscalation=false'"),
    ];

    public static IReadOnlyList<CelVariable> Capabilities(string id, bool exemptWindows)
    {
        var adds = $"{Sc("c")}.?capabilities.?add.orValue([])";
        return
        [
            new($"{id}_missingDropAll", $"{AllContainers}.filter(c, !('ALL' in {Sc("c")}.?capabilities.?drop.orValue([]))).map(c, {Name("c")})"),
            new($"{id}_adding", $"{AllContainers}.filter(c, {adds}.exists(a, a != 'NET_BIND_SERVICE')).map(c, {Name("c")})"),
            .. BaselineCel.Sorted($"{id}_forbidden", Flatten($"{AllContainers}.map(c, {adds}.filter(a, a != 'NET_BIND_SERVICE'))")),
            new($"{id}_details", Parts(
                ($"size(variables.{id}_missingDropAll) > 0", $"{Containers($"variables.{id}_missingDropAll")} + ' must set securityContext.capabilities.drop=[\"ALL\"]'"),
                ($"size(variables.{id}_adding) > 0",
                    $"{Containers($"variables.{id}_adding")} + ' must not include ' + {JoinQuote($"variables.{id}_forbidden")} + ' in securityContext.capabilities.add'"))),
            Message(id, Unless(IsWindows, exemptWindows, $"size(variables.{id}_missingDropAll) > 0 || size(variables.{id}_adding) > 0"),
                Lit("unrestricted capabilities"), $"variables.{id}_details.join('; ')"),
        ];
    }

    public static IReadOnlyList<CelVariable> RunAsNonRoot(string id, bool relaxForUserNamespaces) =>
    [
        new($"{id}_podTrue", $"{PodSc}.?runAsNonRoot.orValue(null) == true"),
        new($"{id}_podFalse", $"{PodSc}.?runAsNonRoot.orValue(null) == false"),
        new($"{id}_explicit", $"{AllContainers}.filter(c, {Sc("c")}.?runAsNonRoot.orValue(null) == false).map(c, {Name("c")})"),
        new($"{id}_implicit", $"variables.{id}_podTrue ? [] : {AllContainers}.filter(c, !('runAsNonRoot' in {Sc("c")})).map(c, {Name("c")})"),
        new($"{id}_setters", Parts(($"variables.{id}_podFalse", "'pod'"), ($"size(variables.{id}_explicit) > 0", Containers($"variables.{id}_explicit")))),
        new(id, $"{(relaxForUserNamespaces ? $"{HostUsersFalse} ? '' : " : "")}" +
            $"size(variables.{id}_setters) > 0 ? 'runAsNonRoot != true (' + variables.{id}_setters.join(' and ') + ' must not set securityContext.runAsNonRoot=false)' : " +
            $"size(variables.{id}_implicit) > 0 ? 'runAsNonRoot != true (pod or ' + {Containers($"variables.{id}_implicit")} + ' must set securityContext.runAsNonRoot=true)' : ''"),
    ];

    public static IReadOnlyList<CelVariable> RunAsUser(string id, bool relaxForUserNamespaces) =>
    [
        new($"{id}_containers", $"{AllContainers}.filter(c, {Sc("c")}.?runAsUser.orValue(-1) == 0).map(c, {Name("c")})"),
        new($"{id}_setters", Parts(($"{PodSc}.?runAsUser.orValue(-1) == 0", "'pod'"), ($"size(variables.{id}_containers) > 0", Containers($"variables.{id}_containers")))),
        Message(id, Unless(HostUsersFalse, relaxForUserNamespaces, $"size(variables.{id}_setters) > 0"), Lit("runAsUser=0"),
            $"variables.{id}_setters.join(' and ') + ' must not set runAsUser=0'"),
    ];

    public static IReadOnlyList<CelVariable> Seccomp(string id, bool exemptWindows)
    {
        var valid = List(["RuntimeDefault", "Localhost"]);
        var podHas = $"'seccompProfile' in {PodSc}";
        var podValid = $"{PodSc}.seccompProfile.?type.orValue('') in {valid}";
        var bad = $"'seccompProfile' in {Sc("c")} && !(c.securityContext.seccompProfile.?type.orValue('') in {valid})";
        return
        [
            new($"{id}_podBad", $"{podHas} && !({podValid})"),
            new($"{id}_explicit", $"{AllContainers}.filter(c, {bad}).map(c, {Name("c")})"),
            new($"{id}_implicit", $"({podHas} && {podValid}) ? [] : {AllContainers}.filter(c, !('seccompProfile' in {Sc("c")})).map(c, {Name("c")})"),
            .. BaselineCel.Sorted($"{id}_types",
                $"(variables.{id}_podBad ? [{PodSc}.seccompProfile.?type.orValue('')] : []) + {AllContainers}.filter(c, {bad}).map(c, c.securityContext.seccompProfile.?type.orValue(''))"),
            new($"{id}_setters", Parts(($"variables.{id}_podBad", "'pod'"), ($"size(variables.{id}_explicit) > 0", Containers($"variables.{id}_explicit")))),
            new(id, $"{(exemptWindows ? $"{IsWindows} ? '' : " : "")}" +
                $"size(variables.{id}_setters) > 0 ? 'seccompProfile (' + variables.{id}_setters.join(' and ') + ' must not set securityContext.seccompProfile.type to ' + {JoinQuote($"variables.{id}_types")} + ')' : " +
                $"size(variables.{id}_implicit) > 0 ? 'seccompProfile (pod or ' + {Containers($"variables.{id}_implicit")} + ' must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")' : ''"),
        ];
    }
}
