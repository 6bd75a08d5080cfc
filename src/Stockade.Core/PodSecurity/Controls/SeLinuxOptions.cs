using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// The SELinux type is restricted to the container types, and a custom SELinux user or role is
/// forbidden (baseline, v1.0+). v1.31 adds <c>container_engine_t</c>, the type for a container
/// engine run inside a container. Upstream: <c>policy/check_seLinuxOptions.go</c>.
/// </summary>
internal sealed class SeLinuxOptions(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-selinux-options",
        Title = "Custom SELinux type, user or role (PSS baseline: SELinux)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "An SELinux type such as spc_t or a custom user/role lifts the SELinux confinement that keeps a " +
                    "container's processes away from host files and other containers.",
        Remediation = "Leave seLinuxOptions.user and role unset and use type container_t, container_init_t or container_kvm_t (or none).",
        RemediationYaml = """
            securityContext:
              seLinuxOptions:
                level: "s0:c123,c456"
            """,
        Fields =
        [
            new("spec.securityContext.seLinuxOptions.type, spec.containers[*].securityContext.seLinuxOptions.type, spec.initContainers[*].securityContext.seLinuxOptions.type", "undefined/empty, container_t, container_init_t, container_kvm_t"),
            new("spec.securityContext.seLinuxOptions.user, spec.containers[*].securityContext.seLinuxOptions.user, spec.initContainers[*].securityContext.seLinuxOptions.user, and the same .role fields", "undefined/empty"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "SELinux"), new("PSP", "seLinux")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "seLinuxOptions";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    internal static readonly string[] AllowedTypes_1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];

    internal static readonly string[] AllowedTypes_1_31 = [.. AllowedTypes_1_0, "container_engine_t"];

    public override IReadOnlyList<VersionedCheck> Versions { get; } =
    [
        new(V1(0), "seLinuxOptions_1_0", CheckWith(AllowedTypes_1_0)),
        new(V1(31), "seLinuxOptions1_31", CheckWith(AllowedTypes_1_31)),
    ];

    private static Func<PodSubject, Violation?> CheckWith(string[] allowedTypes)
    {
        var allowed = allowedTypes.ToHashSet(StringComparer.Ordinal);
        return pod => CheckAllowing(pod, allowed);
    }

    private static Violation? CheckAllowing(PodSubject pod, HashSet<string> allowedTypes)
    {
        var where = new FirstOffence();
        var badTypes = new List<string>();
        bool setUser = false, setRole = false;

        bool Valid(SeLinuxOptionsModel options, ContainerModel? container)
        {
            var valid = true;
            var type = StringOrEmpty(options.Type);
            if (!allowedTypes.Contains(type))
            {
                valid = false;
                badTypes.Add(type);
                where.At(options.Type, container);
            }
            if (StringOrEmpty(options.User).Length > 0)
            {
                valid = false;
                setUser = true;
                where.At(options.User, container);
            }
            if (StringOrEmpty(options.Role).Length > 0)
            {
                valid = false;
                setRole = true;
                where.At(options.Role, container);
            }
            return valid;
        }

        var setters = new List<string>();
        if (pod.PodSecurityContext?.SeLinuxOptions is { } podOptions && !Valid(podOptions, null)) setters.Add("pod");
        var bad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            if (c.SecurityContext?.SeLinuxOptions is { } options && !Valid(options, c)) bad.Add(NameOf(c));
        }
        if (bad.Count > 0) setters.Add(Containers(bad));
        if (setters.Count == 0) return null;

        var data = new List<string>();
        var types = SortedSet(badTypes);
        if (types.Count > 0) data.Add($"{Pluralize("type", "types", types.Count)} {JoinQuote(types)}");
        if (setUser) data.Add("user may not be set");
        if (setRole) data.Add("role may not be set");
        return where.Violation("seLinuxOptions", $"{string.Join(" and ", setters)} set forbidden securityContext.seLinuxOptions: {string.Join("; ", data)}");
    }
}
