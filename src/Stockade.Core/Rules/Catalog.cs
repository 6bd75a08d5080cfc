using Stockade.Engine;

namespace Stockade.Rules;

/// <summary>
/// Every built-in rule. Adding a rule is adding its file and one line to its group's list. Each list
/// is built the first time it is read (a holder class per list: the runtime initialises it once,
/// thread-safely), so a scan with the hardened profile does not build the whole catalogue too.
/// </summary>
internal static class Catalog
{
    /// <summary>The rules of the default <c>hardened</c> profile (those on by default).</summary>
    public static IReadOnlyList<Rule> Hardened => HardenedHolder.Rules;

    /// <summary>
    /// The rules of the <c>cluster</c> profile, for a whole cluster or a dump of one: every
    /// hardened rule plus the namespace-wide rules that would be noise on a single chart (no
    /// default-deny NetworkPolicy, ResourceQuota or LimitRange; API server egress not blocked).
    /// </summary>
    public static IReadOnlyList<Rule> Cluster => ClusterHolder.Rules;

    /// <summary>
    /// Every rule id a user can name: the hardened rules, the Pod Security Standards controls (as
    /// the <c>baseline</c>/<c>restricted</c> profiles run them, listed at the latest version) and
    /// the PodSecurityPolicy rules that <c>--policy</c> adds.
    /// </summary>
    public static IReadOnlyList<Rule> All => Every.Rules;

    public static Rule? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    /// <summary>
    /// Every parameter a rule declares, once each, in catalogue order: the keys <c>settings:</c>
    /// in <c>.stockade.yaml</c> accepts.
    /// </summary>
    public static IReadOnlyList<RuleParameter> Parameters => Every.Parameters;

    public static IReadOnlyCollection<string> Ids => Every.Ids;

    private static class HardenedHolder
    {
        public static readonly IReadOnlyList<Rule> Rules =
        [
            .. InputRules.All.Concat(WorkloadRules.All)
                .Concat(RbacRules.All).Concat(NamespaceRules.All).Concat(ControlPlaneRules.All)
                .Concat(KubeletRules.All).Concat(EncryptionRules.All).Concat(AuditPolicyRules.All)
                .Concat(NetworkRules.All).Concat(PspPolicyRules.All)
                .Where(r => r.Metadata.EnabledByDefault),
        ];
    }

    private static class ClusterHolder
    {
        public static readonly IReadOnlyList<Rule> Rules =
        [
            .. InputRules.All.Concat(WorkloadRules.All).Where(r => r.Metadata.EnabledByDefault),
            .. RbacRules.All, .. NamespaceRules.All, .. ControlPlaneRules.All,
            .. KubeletRules.All, .. EncryptionRules.All, .. AuditPolicyRules.All,
            .. NetworkRules.All.Where(r => r.Metadata.EnabledByDefault || r is InventoryRule),
            .. PspPolicyRules.All,
        ];
    }

    private static class Every
    {
        public static readonly IReadOnlyList<Rule> Rules =
        [
            .. InputRules.All,
            .. WorkloadRules.All,
            .. RbacRules.All,
            .. NamespaceRules.All,
            .. ControlPlaneRules.All,
            .. KubeletRules.All,
            .. EncryptionRules.All,
            .. AuditPolicyRules.All,
            .. NetworkRules.All,
            .. NodeRules.All,
            .. PspPolicyRules.All,
            .. PodSecurity.PodSecurityControls.At(PodSecurity.PodSecurityVersion.Latest),
            new Stockade.Psp.PspRule([]),
            new Stockade.Psp.PspInvalidPolicyRule(),
        ];

        public static readonly IReadOnlyList<RuleParameter> Parameters = [.. Rules.SelectMany(r => r.Metadata.Parameters).Distinct()];

        public static readonly IReadOnlyCollection<string> Ids = Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>Rules about how manifests are written.</summary>
internal static class InputRules
{
    public static IReadOnlyList<Rule> All { get; } = [new Input.DuplicateKey()];
}
