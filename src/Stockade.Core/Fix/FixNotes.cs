namespace Stockade.Fix;

/// <summary>Why a finding that remains after <c>fix</c> was not fixed: the one sentence the user reads beside it.</summary>
internal static class FixNotes
{
    public static string WhyNot(string rule) => rule switch
    {
        "host-network" or "host-pid" or "host-ipc" or "pss-host-namespaces" => "the workload may need the host namespace; only its owner can remove it",
        "host-port" or "pss-host-ports" => "clients may reach the workload on the host port",
        "host-path-volume" or "host-path-sensitive" or "container-runtime-socket" or "pss-host-path-volumes" or "pss-restricted-volumes"
            => "the workload reads or writes the volume; replacing it is a design change",
        "cpu-limits-missing" or "cpu-requests-missing" or "memory-limits-missing" or "memory-requests-missing" => "the right amounts depend on the workload",
        "image-registry-not-allowed" => "the image must be published to an allowed registry first",
        "capabilities-added" or "dangerous-capabilities" or "pss-capabilities-baseline" or "pss-capabilities-restricted" or "net-raw-not-dropped"
            => "the workload names the capabilities it adds; removing one may break it",
        "run-as-root" or "pss-run-as-non-root" or "pss-run-as-user" or "low-user-id" => "a UID is needed that the image works with: give one with --run-as-user",
        "low-group-id" => "a GID is needed that the workload's files allow: give one with --run-as-group (supplementalGroups stay)",
        "privilege-escalation-allowed" or "pss-allow-privilege-escalation" => "the container is privileged or adds CAP_SYS_ADMIN, which the API server allows only with privilege escalation",
        _ when Fix.PodFixer.FixableRules.Contains(rule) => "excluded by --rule, or no safe value here",
        _ => "no safe value to set",
    };
}
