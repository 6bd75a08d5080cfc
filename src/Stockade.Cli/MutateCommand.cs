using Stockade.Psp;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary><c>stockade mutate</c>: apply PodSecurityPolicy admission (defaulting and policy choice) to manifests.</summary>
internal static class MutateCommand
{
    internal static readonly CommandSpec Spec = new(
        "mutate",
        "apply PodSecurityPolicy defaulting and policy choice",
        "stockade mutate --policy FILE [--policy FILE…] [--output-format yaml|json] [--patch] [-o FILE] PATH…",
        """
        Applies PodSecurityPolicy admission as the Kubernetes 1.24 admission controller did: policies
        are tried in name order, a policy that admits the pod unchanged wins, else the first that
        admits it after defaulting. Pods and the pod templates of workloads are mutated; the chosen
        policy is recorded in the kubernetes.io/psp annotation and reported on stderr.
        PodSecurityPolicy objects among the inputs are used as policies too.

        Output (stdout): the manifests with the defaults applied. As YAML (the default unless every
        input is JSON): each input file with only the changed documents edited, keeping comments,
        key order and quoting; several files are each preceded by a "# Source: FILE" line. As JSON:
        one object, or a v1 List when there are several. With --patch, the RFC 6902 JSON Patch of
        each pod object instead.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Many("--policy", "FILE", "a file of PodSecurityPolicy objects (repeatable)"),
                CliOption.Value("--output-format", "FORMAT", "yaml or json (default: yaml, json when every input is JSON)"),
                CliOption.Flag("--patch", "print JSON Patches instead of the mutated objects"),
                CliOption.Flag("--bundle-policies", "PodSecurityPolicies among the inputs join the policy set too (otherwise they are validated only, and a note says they were not applied)"),
                CliOption.Value("--psp-authorization", "MODE", "which policies a pod may use: bundle (as the Roles, ClusterRoles and bindings among the inputs grant use to its service account), all (every policy), auto (default: bundle when the inputs hold RBAC objects, else all, with a note)"),
                CommonOptions.PspRequester,
                CommonOptions.PspRequesterGroup,
                CliOption.Value("--output", "FILE", "write to FILE instead of stdout (replaced whole once complete)", "-o"),
            ]),
        ],
        """
        Exit codes: 0 every pod admitted; 1 a pod no policy admits; 2 usage error, unreadable
                    input or invalid policy.
        """)
    {
        Synopsis = "stockade mutate --policy F PATH…",
    };

    private static readonly HashSet<string> FlagOptions = ["--patch", "--help", PspOption.BundleOption];

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count == 0) throw new UsageException("mutate needs at least one PATH (use - for stdin)");
        var authorization = PspOption.Authorization.Parse(a);

        var errors = new List<Engine.ScanError>();
        var collected = InputCollector.Collect(a.Positionals, stdin, errors);
        foreach (var e in errors) stderr.WriteLine($"stockade: {e.File}: {e.Message}");
        // Inputs are read once into memory: they are read for policies, then mutated.
        var inputs = new List<PspMutateInput>();
        var unreadable = false;
        foreach (var input in collected)
        {
            if (InputBytes.Read(input, stderr) is { } bytes) inputs.Add(new PspMutateInput(input.Name, bytes));
            else unreadable = true;
        }
        var policyFiles = a.Values("--policy").Select(p => File.Exists(p) ? (p, (Func<Stream>)(() => File.OpenRead(p))) : throw new UsageException($"--policy {p}: no such file"));
        var fromFiles = PspLoader.Load(policyFiles);
        // As in scan, a policy among the inputs joins only when asked: an archived PSP next to the
        // manifests must not quietly decide how they are mutated. Unasked, it is still validated.
        var fromInputs = PspMutatePipeline.PoliciesIn(inputs);
        var bundle = a.Flag(PspOption.BundleOption);
        if (!bundle && fromInputs.Policies.Count > 0)
        {
            stderr.WriteLine($"stockade: note: {fromInputs.Policies.Count} PodSecurityPolic{(fromInputs.Policies.Count == 1 ? "y" : "ies")} among the inputs not applied ({string.Join(", ", fromInputs.Policies.Select(p => p.Name))}): they join only with {PspOption.BundleOption}, or give the file with --policy");
        }
        var policies = fromFiles.Policies.Concat(bundle ? fromInputs.Policies.Where(p => fromFiles.Policies.All(f => f.Name != p.Name)) : []).ToList();
        foreach (var e in fromFiles.Errors.Concat(fromInputs.Errors)) stderr.WriteLine($"stockade: {e}");
        var failed = unreadable || errors.Count > 0 || fromFiles.Errors.Count > 0 || fromInputs.Errors.Count > 0;
        if (policies.Count == 0)
        {
            stderr.WriteLine("stockade: no valid PodSecurityPolicy given (--policy FILE); every pod would be refused");
            return ExitCodes.Error;
        }

        var format = a.Values("--output-format").LastOrDefault();
        if (format is not (null or "yaml" or "json")) throw new UsageException($"--output-format {format}: expected yaml or json");
        var output = a.Flag("--patch") ? PspMutateOutput.Patch
            : format switch { "yaml" => PspMutateOutput.Yaml, "json" => PspMutateOutput.Json, _ => PspMutateOutput.Auto };
        var result = PspMutatePipeline.Run(inputs, policies, output, authorization.Mode, authorization.Requester);
        foreach (var m in result.Messages) stderr.WriteLine(m.IsError ? $"stockade: {m.Text}" : m.Text);
        // A pod no policy admits is mutate's finding.
        var exitCode = ExitCodes.Of(Engine.Verdicts.Outcome(failed || result.Failed, result.Refused));
        return OutputTarget.Write(a.Value("--output"), stdout, stream =>
        {
            CommandLine.WriteText(stream, result.Text);
            return exitCode;
        });
    }
}
