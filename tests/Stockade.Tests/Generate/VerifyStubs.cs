using Stockade.Tests.Cli;

namespace Stockade.Tests.Generate;

/// <summary>
/// A cluster and a network made of files, for running the generated <c>verify</c> under bash:
/// <c>kubectl</c> answers from files (nodes, the pod's phases, the manifest it was given) and, for
/// <c>logs</c>, runs the program of the manifest it was given, with the pod network's
/// <c>curl</c>; each <c>curl</c> (the node's, the pod network's) answers per <c>host:port</c> from
/// an outcomes file beside it. <c>STUB_POD_EXEC</c> can run the pod's program elsewhere (a network
/// namespace) with the real curl.
/// </summary>
public sealed class VerifyStubs
{
    private const string Kubectl = """
        #!/bin/bash
        echo "kubectl $*" >> "$STUB_DIR/calls"
        case "$1 $2" in
          "get node") grep -qxF "$3" "$STUB_DIR/nodes" ;;
          "create -f") cat > "$STUB_DIR/pod.yaml"; exit "$(cat "$STUB_DIR/create-rc")" ;;
          "get pod")
            case "$*" in
              *".status.message"*) cat "$STUB_DIR/failed-why" ;;
              *)
                n=$(( $(cat "$STUB_DIR/polls") + 1 )); echo "$n" > "$STUB_DIR/polls"
                line=$(sed -n "${n}p" "$STUB_DIR/phases"); [ -n "$line" ] || line=$(tail -n 1 "$STUB_DIR/phases")
                printf '%s' "$line" ;;
            esac ;;
          "logs "*)
            # The pod runs its manifest's command: sh -c PROGRAM NAME TARGET...
            mapfile -t args < <(sed -n "/^    - -c$/,/^    securityContext:/p" "$STUB_DIR/pod.yaml" | sed '1d;$d' | sed "s/^    - '\(.*\)'$/\1/; s/^    - //")
            if [ -n "${STUB_POD_EXEC:-}" ]; then $STUB_POD_EXEC sh -c "${args[0]}" "${args[@]:1}"
            else PATH="$STUB_DIR/pod-network:$PATH" sh -c "${args[0]}" "${args[@]:1}"; fi ;;
          "delete pod") touch "$STUB_DIR/deleted" ;;
          *) echo "stub kubectl: unexpected $*" >&2; exit 99 ;;
        esac
        """;

    private const string Curl = """
        #!/bin/bash
        url=${!#}; target=${url#https://}; target=${target%/}
        outcome=$(awk -v t="$target" '$1 == t { print $2; exit }' "$(dirname "$0")/outcomes")
        case "${outcome:-refused}" in
          connected) printf 1; exit 0 ;;
          tls-failed) printf 1; exit 35 ;;
          refused) printf 0; exit 7 ;;
          timeout) printf 0; exit 28 ;;
          unresolved) printf 0; exit 6 ;;
        esac
        """;

    private readonly TempTree _tree;

    public VerifyStubs(TempTree tree, bool stubCurl = true)
    {
        _tree = tree;
        Executable("bin/kubectl", Kubectl);
        Executable("bin/sleep", "#!/bin/sh\nexit 0\n");
        if (stubCurl)
        {
            Executable("bin/curl", Curl);
            Executable("pod-network/curl", Curl);
        }
        Nodes("node-1");
        PodPhases("Pending ", "Running ", "Succeeded ");
        CreateExitCode(0);
        Write("polls", "0");
        Write("failed-why", "");
        Write("bin/outcomes", "");
        Write("pod-network/outcomes", "");
    }

    public string Dir => _tree.PathOf("stub");

    public string Manifest => File.ReadAllText(Path.Combine(Dir, "pod.yaml"));

    public bool PodDeleted => File.Exists(Path.Combine(Dir, "deleted"));

    public VerifyStubs Nodes(params string[] names) => Write("nodes", string.Concat(names.Select(n => n + "\n")));

    /// <summary>What successive <c>kubectl get pod</c> calls print: "PHASE WAITING_REASON", the last repeated.</summary>
    public VerifyStubs PodPhases(params string[] phases) => Write("phases", string.Concat(phases.Select(p => p + "\n")));

    public VerifyStubs CreateExitCode(int code) => Write("create-rc", code.ToString());

    public VerifyStubs FailedBecause(string why) => Write("failed-why", why);

    /// <summary>How a target answers curl from the node itself: connected, tls-failed, refused, timeout, unresolved.</summary>
    public VerifyStubs FromNode(params (string Target, string Outcome)[] outcomes) => Write("bin/outcomes", Lines(outcomes));

    /// <summary>How a target answers curl from the probe pod.</summary>
    public VerifyStubs FromPod(params (string Target, string Outcome)[] outcomes) => Write("pod-network/outcomes", Lines(outcomes));

    /// <summary>Runs <c>bash SCRIPT verify NODE</c> with the stubs first on PATH and no wait between polls.</summary>
    public ShellRun Verify(string script, string node = "node-1", string? prefix = null, Dictionary<string, string>? env = null)
    {
        var path = _tree.Write($"verify-{Guid.NewGuid():N}.sh", script);
        var all = new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.Combine(Dir, "bin")}:/usr/sbin:/usr/bin:/sbin:/bin",
            ["STUB_DIR"] = Dir,
            ["STOCKADE_VERIFY_WAIT_SECONDS"] = "10",
        };
        foreach (var (k, v) in env ?? []) all[k] = v;
        var command = prefix == null ? $"bash '{path}' verify {node}" : $"{prefix} bash '{path}' verify {node}";
        return Shell.Run("/bin/bash", ["-c", command], all);
    }

    private static string Lines((string Target, string Outcome)[] outcomes) => string.Concat(outcomes.Select(o => $"{o.Target} {o.Outcome}\n"));

    private VerifyStubs Write(string name, string content)
    {
        _tree.Write($"stub/{name}", content);
        return this;
    }

    private void Executable(string name, string content)
    {
        Write(name, content + "\n");
        Shell.MakeExecutable(Path.Combine(Dir, name));
    }
}
