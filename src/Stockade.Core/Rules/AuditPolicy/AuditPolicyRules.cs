using Stockade.Engine;
using Stockade.Rules.AuditPolicy;

namespace Stockade.Rules;

/// <summary>Rules on the API server's audit Policy file.</summary>
internal static class AuditPolicyRules
{
    public static IReadOnlyList<Rule> All { get; } = [new AuditPolicyLogsNothing(), new AuditPolicySensitiveBodies(), new AuditPolicyPodAccess()];
}
