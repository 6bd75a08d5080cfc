using System.Text;

namespace Stockade.Cli.Generate;

/// <summary>
/// The script's <c>verify</c>: proves both halves or says what it could not prove. A refusal
/// seen from a pod means nothing unless the node itself reaches the same address and port (else
/// nothing may listen there), and nothing at all unless the probe pod really ran on the pod
/// network of the node: so the node is probed first, then a pod pinned to the node with
/// <c>nodeName</c>, and every other outcome (no such node, image pull failure, a pod that never
/// ran, a curl error that is neither refused nor timed out) is reported and fails.
/// curl's <c>%{num_connects}</c> tells a TCP connection (even one whose TLS or HTTP then
/// fails) from none; exit 7 is refused or rejected, 28 timed out.
/// Exit codes: 0 proved, 1 a pod connected, 3 not proved.
/// </summary>
internal static class IptablesVerifyScript
{
    /// <summary>
    /// The program the probe pod runs (<c>sh -c</c>, targets as arguments), one line per target:
    /// <c>stockade-probe TARGET CURL_EXIT CONNECTS</c>. It holds no single quote, so it can be
    /// written single-quoted in both the script and the pod's YAML.
    /// </summary>
    public const string ProbeProgram = """for t in "$@"; do n=$(curl -g -k -s -o /dev/null -w "%{num_connects}" --connect-timeout 5 --max-time 10 "https://$t/"); echo "stockade-probe $t $? ${n:-0}"; done""";

    public static void Write(StringBuilder w, ProbePlan probe)
    {
        var strict = probe.EveryTargetMustAnswer ? "yes" : "no";
        w.Append($$"""
            # verify [NODE]: run ON the node NODE (default: this host's name), as a user whose kubectl
            # reaches the cluster (KUBECONFIG). The node must reach {{probe.Subject}} and a pod pinned to
            # NODE, on the pod network, must be refused or time out, on every probed port.
            # {{probe.ProvesWhat}}.
            # STOCKADE_VERIFY_NAMESPACE (default: default; one without NetworkPolicies, or they are
            # what is proved), STOCKADE_VERIFY_IMAGE (default: curlimages/curl; any image with sh and curl),
            # STOCKADE_VERIFY_WAIT_SECONDS (default: 180).
            # Exit 0: proved; 1: a pod connected; 3: nothing was proved (the message says why).
            not_proved() {
              echo "not proved: $*" >&2
              exit 3
            }

            curl_meaning() {
              case "$1" in
                7) echo "connection refused or rejected" ;;
                28) echo "timed out" ;;
                6) echo "could not resolve the host" ;;
                35) echo "TLS handshake failed" ;;
                *) echo "see EXIT CODES in man curl" ;;
              esac
            }

            # shellcheck disable=SC2016 # the pod's shell expands it, not this one
            probe_program='{{ProbeProgram}}'

            probe_manifest() {
              printf '%s\n' "apiVersion: v1" "kind: Pod" "metadata:" "  name: $pod" "  namespace: $ns" "  labels:" \
                "    app.kubernetes.io/name: stockade-probe" "    app.kubernetes.io/managed-by: stockade" \
                "spec:" "  nodeName: $node" "  restartPolicy: Never" "  hostNetwork: false" \
                "  automountServiceAccountToken: false" "  enableServiceLinks: false" "  tolerations:" "  - operator: Exists" \
                "  securityContext:" "    runAsNonRoot: true" "    runAsUser: 65534" "    runAsGroup: 65534" \
                "    seccompProfile:" "      type: RuntimeDefault" \
                "  containers:" "  - name: probe" "    image: $image" "    command:" "    - sh" "    - -c" \
                "    - '$probe_program'" "    - stockade-probe"
              for t in $answering; do printf "    - '%s'\n" "$t"; done
              printf '%s\n' "    securityContext:" "      allowPrivilegeEscalation: false" "      readOnlyRootFilesystem: true" \
                "      capabilities:" "        drop:" "        - ALL"
            }

            verify() {
              set -f
              node=${1:-$(hostname)}
              ns=${STOCKADE_VERIFY_NAMESPACE:-default}
              image=${STOCKADE_VERIFY_IMAGE:-curlimages/curl}
              wait_seconds=${STOCKADE_VERIFY_WAIT_SECONDS:-180}
              pod="stockade-probe-$$"
              targets='{{string.Join(" ", probe.Targets)}}'
              every_target_must_answer={{strict}}
              for tool in kubectl curl; do
                command -v "$tool" >/dev/null 2>&1 || not_proved "$tool is not installed here; verify needs kubectl and curl on the node"
              done

              # 1. From the node itself: a refusal seen from a pod proves nothing where the node gets one too.
              answering=""
              for t in $targets; do
                rc=0
                n=$(curl -g -k -s -o /dev/null -w "%{num_connects}" --connect-timeout 5 --max-time 10 "https://$t/") || rc=$?
                if [ "${n:-0}" -gt 0 ] 2>/dev/null; then
                  answering="$answering $t"
                  echo "ok: {{probe.Subject}} answers on $t from this node"
                elif [ "$every_target_must_answer" = yes ]; then
                  not_proved "{{probe.Subject}} does not answer on $t from this node (curl exit $rc: $(curl_meaning "$rc")), so a refusal from a pod would prove nothing"
                else
                  echo "note: nothing answers on $t from this node (curl exit $rc: $(curl_meaning "$rc")); not probed" >&2
                fi
              done
              [ -n "$answering" ] || not_proved "{{probe.Subject}} answers on none of $targets from this node (give the port it serves with --verify-port)"

              # 2. From a pod pinned to the node, on the pod network.
              kubectl get node "$node" >/dev/null 2>&1 || not_proved "the cluster has no node named $node (kubectl get nodes); give it: sh $0 verify NODE"
              trap 'kubectl delete pod "$pod" -n "$ns" --ignore-not-found --wait=false >/dev/null 2>&1 || true' EXIT
              probe_manifest | kubectl create -f - >/dev/null || not_proved "could not create the probe pod $pod in namespace $ns (kubectl's message above)"
              waited=0
              while :; do
                status=$(kubectl get pod "$pod" -n "$ns" -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.waiting.reason}' 2>/dev/null) || status=""
                phase=${status%% *}
                reason=${status#"$phase"}
                reason=${reason# }
                case "$phase" in
                  Succeeded) break ;;
                  Failed)
                    why=$(kubectl get pod "$pod" -n "$ns" -o jsonpath='{.status.reason} {.status.message} {.status.containerStatuses[0].state.terminated.reason} exit {.status.containerStatuses[0].state.terminated.exitCode}' 2>/dev/null) || why=""
                    not_proved "the probe pod failed on $node: $why" ;;
                esac
                case "$reason" in
                  ErrImagePull | ImagePullBackOff | InvalidImageName | ErrImageNeverPull)
                    not_proved "node $node cannot pull the probe image $image ($reason); set STOCKADE_VERIFY_IMAGE to an image with sh and curl that it can pull" ;;
                  CreateContainerConfigError | CreateContainerError | RunContainerError)
                    not_proved "the probe container could not start on $node ($reason)" ;;
                esac
                [ "$waited" -lt "$wait_seconds" ] || not_proved "the probe pod did not run to completion on $node within ${wait_seconds}s (phase ${phase:-unknown}${reason:+, $reason})"
                sleep 2
                waited=$((waited + 2))
              done

              logs=$(kubectl logs "$pod" -n "$ns" 2>&1) || not_proved "could not read the probe pod's output: $logs"
              connected=""
              unproved=""
              for t in $answering; do
                line=$(printf '%s\n' "$logs" | grep -F "stockade-probe $t " | head -n 1) || line=""
                if [ -z "$line" ]; then
                  echo "not proved: the probe pod printed no result for $t" >&2
                  unproved="$unproved $t"
                  continue
                fi
                # shellcheck disable=SC2086 # split on purpose: stockade-probe TARGET CURL_EXIT CONNECTS
                set -- $line
                rc=$3
                n=$4
                if [ "$n" -gt 0 ] 2>/dev/null; then
                  echo "FAIL: a pod on $node connected to {{probe.Subject}} at $t (curl exit $rc: $(curl_meaning "$rc"))" >&2
                  connected="$connected $t"
                elif [ "$rc" = 7 ] || [ "$rc" = 28 ]; then
                  echo "ok: a pod on $node gets $t $(curl_meaning "$rc")"
                else
                  echo "not proved: the probe of $t from a pod on $node ended with curl exit $rc ($(curl_meaning "$rc")), neither refused nor timed out" >&2
                  unproved="$unproved $t"
                fi
              done
              [ -z "$connected" ] || { echo "FAIL: pods on $node reach {{probe.Subject}} at$connected" >&2; exit 1; }
              [ -z "$unproved" ] || not_proved "nothing proved for$unproved"
              echo "ok: {{probe.Subject}} answers from this node and refuses a pod on $node, on every probed port; {{probe.ProvesWhat}}"
            }


            """);
    }
}
