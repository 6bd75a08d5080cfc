using Stockade.Cli.Options;
using Stockade.PodSecurity;
using Stockade.PodSecurity.AdmissionPolicies;

namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate admission-policies</c>: the Pod Security Standards as ValidatingAdmissionPolicies.</summary>
internal static class AdmissionPoliciesCommand
{
    internal static readonly CommandSpec Spec = new(
        "admission-policies",
        "the Pod Security Standards as ValidatingAdmissionPolicies the API server enforces itself",
        "stockade generate admission-policies --profile LEVEL[:VERSION]|hardened [--hardened] [options]",
        """
        Writes a ValidatingAdmissionPolicy and its binding that enforce a Pod Security Standards level
        and version as Pod Security Admission does, with PSA's messages, in the API server itself
        (Kubernetes 1.30 or later: admissionregistration.k8s.io/v1, CEL of that release only).
        Pods are checked on CREATE and UPDATE; updates that change no image and no seccomp annotation
        are let through, as PSA does. --workloads adds a policy on the pod templates of Deployments,
        StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, ReplicationControllers and PodTemplates,
        which warns and audits by default as PSA's warn and audit modes do for controllers.
        --profile hardened writes Stockade's hardened pod rules that CEL expresses exactly instead, one
        policy each, on pods and workload templates; --hardened adds them to a Pod Security Standards
        level. The rules not generated are listed in the output's header with the reason.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Value("--profile", "LEVEL[:VERSION]", "baseline or restricted, at v1.N or latest (default latest); or hardened") with
                    { Docs = "`baseline` or `restricted`, optionally pinned: `restricted:v1.30`, `baseline:latest` (the default version); or `hardened`: only Stockade's hardened pod rules, one policy each" },
                CliOption.Flag("--hardened", "also Stockade's hardened pod rules that CEL expresses, one policy each") with
                    { Docs = "also Stockade's hardened pod rules that CEL expresses exactly, one policy and binding each, on pods and workload templates (bound with `--validation-actions` and the exemptions)" },
                CliOption.Value("--validation-actions", "ACTIONS", "the pod binding's validationActions: Deny (default), Warn, Audit, comma separated; Deny and Warn exclude each other") with
                    { Docs = "the pod binding's `validationActions`, comma separated: `Deny` (default), `Warn`, `Audit`, `Deny,Audit`, `Warn,Audit` (the API server refuses Deny with Warn)" },
                CliOption.Flag("--workloads", "also check the pod templates of workload controllers") with
                    { Docs = "also a policy on the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, ReplicationControllers and PodTemplates" },
                CliOption.Value("--workload-actions", "ACTIONS", "that policy's validationActions (default Warn,Audit, as PSA for controllers)"),
                CliOption.Many("--exempt-namespace", "NS", "a namespace the bindings leave out (repeatable), e.g. kube-system") with
                    { Docs = "a namespace the bindings leave out, by `namespaceSelector` on `kubernetes.io/metadata.name` (repeatable; PSA's `exemptions.namespaces`)" },
                CliOption.Many("--exempt-user", "USER", "a request user the policies let through (repeatable)") with
                    { Docs = "a request username the policies let through, by a `matchCondition` (repeatable; PSA's `exemptions.usernames`)" },
                CliOption.Many("--exempt-runtime-class", "NAME", "a runtimeClassName the policies let through (repeatable)") with
                    { Docs = "a pod `runtimeClassName` the policies let through, by a `matchCondition` (repeatable; PSA's `exemptions.runtimeClasses`)" },
                CommonOptions.Output,
            ]),
        ],
        "");

    private static readonly HashSet<string> Actions = ["Deny", "Warn", "Audit"];

    // The order upstream's documentation writes them in, so the output does not depend on how they were typed.
    private static readonly string[] Order = ["Deny", "Warn", "Audit"];

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"generate admission-policies takes no arguments, got \"{a.Positionals[0]}\"");
        var profile = a.Value("--profile") ?? throw new UsageException("generate admission-policies needs --profile baseline[:v1.N], restricted[:v1.N] or hardened");
        var hardenedOnly = profile == "hardened";
        var workloads = a.Flag("--workloads");
        if (!workloads && a.Value("--workload-actions") != null) throw new UsageException("--workload-actions needs --workloads");
        if (hardenedOnly && workloads) throw new UsageException("--workloads: the hardened rules' policies always check workload templates; it applies to a Pod Security Standards level");
        if (hardenedOnly && a.Flag("--hardened")) throw new UsageException("--hardened adds the hardened rules to a Pod Security Standards level; --profile hardened already writes them");
        var actions = ActionList(a.Value("--validation-actions") ?? "Deny", "--validation-actions");
        var exemptNamespaces = a.Values("--exempt-namespace").Select(n => NetworkInputs.Namespace(n, "--exempt-namespace")).Distinct().ToList();
        var exemptUsers = NonEmpty(a.Values("--exempt-user"), "--exempt-user");
        var exemptRuntimeClasses = NonEmpty(a.Values("--exempt-runtime-class"), "--exempt-runtime-class");
        var command = ("stockade generate admission-policies " + string.Join(" ", args.Where((_, i) => !IsOutput(args, i)).Select(ShellWord))).TrimEnd();
        var hardened = new HardenedPolicyPlan { Actions = actions, ExemptNamespaces = exemptNamespaces, ExemptUsers = exemptUsers, ExemptRuntimeClasses = exemptRuntimeClasses };
        if (hardenedOnly) return GenerateCommand.Emit(HardenedPolicyYaml.Write(hardened, command), a.Value("--output"), stdout, stderr);

        var (level, version) = Profile(profile);
        var plan = new AdmissionPolicyPlan
        {
            Level = level,
            Version = version,
            Actions = actions,
            Workloads = workloads,
            WorkloadActions = ActionList(a.Value("--workload-actions") ?? "Warn,Audit", "--workload-actions"),
            ExemptNamespaces = exemptNamespaces,
            ExemptUsers = exemptUsers,
            ExemptRuntimeClasses = exemptRuntimeClasses,
        };
        var text = AdmissionPolicyYaml.Write(plan, command);
        if (a.Flag("--hardened")) text += "---\n" + HardenedPolicyYaml.Write(hardened, null);
        return GenerateCommand.Emit(text, a.Value("--output"), stdout, stderr);
    }

    // The output file is where the text goes, not what it is: left out of the header so the text does not depend on it.
    private static bool IsOutput(string[] args, int i) =>
        args[i] is "--output" or "-o" || args[i].StartsWith("--output=", StringComparison.Ordinal) || (i > 0 && args[i - 1] is "--output" or "-o");

    // The command is written in a YAML comment: an argument with a newline or other odd character is quoted and escaped, so it cannot end the comment.
    private static string ShellWord(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+".Contains(c)) ? arg : PsaText.GoQuote(arg);

    private static (PodSecurityLevel, PodSecurityVersion) Profile(string text)
    {
        var colon = text.IndexOf(':');
        var levelText = colon < 0 ? text : text[..colon];
        PodSecurityLevel level = levelText switch
        {
            "baseline" => PodSecurityLevel.Baseline,
            "restricted" => PodSecurityLevel.Restricted,
            "hardened" => throw new UsageException($"--profile: \"{text}\": the hardened profile has no version (--profile hardened)"),
            "cluster" => throw new UsageException(
                "--profile cluster: its namespace-wide rules read other objects, which an admission policy cannot (see docs/admission-policies.md); use hardened, baseline or restricted"),
            _ => throw new UsageException($"--profile: \"{text}\" is not baseline[:VERSION], restricted[:VERSION] or hardened"),
        };
        var version = PodSecurityVersion.Latest;
        if (colon >= 0 && !PodSecurityVersion.TryParse(text[(colon + 1)..], out version))
        {
            throw new UsageException($"--profile: malformed Pod Security Standards version in \"{text}\" (expected {levelText}:v1.N or {levelText}:latest)");
        }
        return (level, version);
    }

    private static List<string> ActionList(string text, string option)
    {
        var list = text.Split(',').Select(s => s.Trim()).ToList();
        foreach (var s in list.Where(s => !Actions.Contains(s))) throw new UsageException($"{option}: \"{s}\" is not Deny, Warn or Audit");
        if (list.Distinct().Count() != list.Count) throw new UsageException($"{option}: \"{text}\" names an action twice");
        if (list.Contains("Deny") && list.Contains("Warn")) throw new UsageException($"{option}: Deny and Warn may not be used together (the API server refuses the binding)");
        return Order.Where(list.Contains).ToList();
    }

    private static List<string> NonEmpty(IReadOnlyList<string> values, string option)
    {
        foreach (var v in values.Where(v => v.Length == 0)) throw new UsageException($"{option}: empty value");
        return values.Distinct().ToList();
    }
}
