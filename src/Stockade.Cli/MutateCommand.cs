using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Psp;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary><c>stockade mutate</c>: apply PodSecurityPolicy admission (defaulting and policy choice) to manifests.</summary>
public static class MutateCommand
{
    public const string Help = """
        Usage: stockade mutate --policy FILE [--policy FILE…] [--patch] PATH…

        Applies PodSecurityPolicy admission as the Kubernetes 1.24 admission controller did: policies
        are tried in name order, a policy that admits the pod unchanged wins, else the first that
        admits it after defaulting. Pods and the pod templates of workloads are mutated; the chosen
        policy is recorded in the kubernetes.io/psp annotation and reported on stderr.
        PodSecurityPolicy objects among the inputs are used as policies too.

        Output (stdout): the objects as JSON (one object, or a v1 List when there are several), with
        the defaults applied; with --patch, the RFC 6902 JSON Patch of each pod object instead.

        Options:
          --policy FILE   a file of PodSecurityPolicy objects (repeatable)
          --patch         print JSON Patches instead of the mutated objects
          -h, --help      show this help

        Exit codes: 0 every pod admitted; 1 a pod no policy admits; 2 usage error, unreadable
                    input or invalid policy.
        """;

    private static readonly HashSet<string> ValueOptions = ["--policy"];
    private static readonly HashSet<string> FlagOptions = ["--patch", "--help"];
    private static readonly Dictionary<string, string> Aliases = new() { ["-h"] = "--help" };

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(args, ValueOptions, FlagOptions, Aliases);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Help + "\n");
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count == 0) throw new UsageException("mutate needs at least one PATH (use - for stdin)");

        var errors = new List<Engine.ScanError>();
        // Inputs are read once into memory: they are read for policies, then mutated.
        var inputs = InputCollector.Collect(a.Positionals, stdin, errors).Select(Buffer).ToList();
        foreach (var e in errors) stderr.WriteLine($"stockade: {e.File}: {e.Message}");
        var policyFiles = a.Values("--policy").Select(p => File.Exists(p) ? (p, (Func<Stream>)(() => File.OpenRead(p))) : throw new UsageException($"--policy {p}: no such file"));
        var fromFiles = PspLoader.Load(policyFiles);
        var fromInputs = PspLoader.Load(inputs.Select(i => (i.Name, (Func<Stream>)(() => new MemoryStream(i.Bytes)))), reportNonPolicies: false);
        var policies = fromFiles.Policies.Concat(fromInputs.Policies).ToList();
        foreach (var e in fromFiles.Errors.Concat(fromInputs.Errors)) stderr.WriteLine($"stockade: {e}");
        var failed = errors.Count > 0 || fromFiles.Errors.Count > 0 || fromInputs.Errors.Count > 0;
        if (policies.Count == 0)
        {
            stderr.WriteLine("stockade: no valid PodSecurityPolicy given (--policy FILE); every pod would be refused");
            return ExitCodes.Error;
        }

        var outputs = new List<JsonNode>();
        var patches = new JsonArray();
        var refused = false;
        foreach (var input in inputs)
        {
            foreach (var obj in Objects(input, stderr, ref failed))
            {
                var mutation = PspMutator.Apply(obj, policies);
                if (mutation == null)
                {
                    if (obj.Decode.HasErrors)
                    {
                        foreach (var d in obj.Decode.Errors) stderr.WriteLine($"stockade: {obj.File}:{d.Position}: {d.Message}");
                        failed = true;
                    }
                    outputs.Add(PspJson.FromTree(obj.Root)!);
                    continue;
                }
                Report(mutation, stderr);
                refused |= !mutation.Decision.Admitted;
                outputs.Add(mutation.After);
                patches.Add((JsonNode)new JsonObject
                {
                    ["file"] = obj.File,
                    ["line"] = obj.Position.Line,
                    ["object"] = obj.Ref.ToString(),
                    ["policy"] = mutation.Decision.Policy?.Name,
                    ["patch"] = mutation.Patch,
                });
            }
        }

        JsonNode result = a.Flag("--patch")
            ? patches.Count == 1 ? patches[0]!["patch"]!.DeepClone() : patches
            : outputs.Count == 1 ? outputs[0] : new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(outputs.Select(o => o.DeepClone()).ToArray()) };
        CommandLine.WriteText(stdout, result.ToJsonString(Pretty) + "\n");
        return failed ? ExitCodes.Error : refused ? 1 : ExitCodes.Ok;
    }

    private sealed record BufferedInput(string Name, byte[] Bytes);

    private static BufferedInput Buffer(Engine.ScanInput input)
    {
        using var s = input.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return new BufferedInput(input.Name, ms.ToArray());
    }

    private static IEnumerable<KubeObject> Objects(BufferedInput input, TextWriter stderr, ref bool failed)
    {
        var list = new List<KubeObject>();
        foreach (var raw in DocumentSplitter.Split(new MemoryStream(input.Bytes), input.Name, ParseLimits.Default))
        {
            foreach (var doc in raw.Parse(ParseLimits.Default))
            {
                if (doc.Error is { } e)
                {
                    stderr.WriteLine($"stockade: {input.Name}:{e.Position}: {e.Message}");
                    failed = true;
                    continue;
                }
                var notes = new List<ReadNote>();
                list.AddRange(ObjectReader.Read(doc, notes));
            }
        }
        return list;
    }

    private static void Report(PspMutation m, TextWriter stderr)
    {
        var where = $"{m.Object.File}:{m.Object.Position.Line}: {m.Object.Ref}";
        var d = m.Decision;
        if (d.Admitted)
        {
            var how = d.Changes.Count == 0 ? "as written" : "after defaulting: " + string.Join("; ", d.Changes.All.Select(c => c.Description));
            stderr.WriteLine($"{where}: admitted by PodSecurityPolicy \"{d.Policy!.Name}\" {how}");
            return;
        }
        var sb = new StringBuilder($"{where}: refused: unable to validate against any pod security policy");
        foreach (var (policy, errs) in d.Refusals)
        {
            foreach (var e in errs) sb.Append($"\n  {m.Object.File}:{e.Position}: [{policy.Name}] {e.Message}");
        }
        stderr.WriteLine(sb.ToString());
    }
}
