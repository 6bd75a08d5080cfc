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
        Usage: stockade mutate --policy FILE [--policy FILE…] [--output-format yaml|json] [--patch] [-o FILE] PATH…

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

        Options:
          --policy FILE            a file of PodSecurityPolicy objects (repeatable)
          --output-format FORMAT   yaml or json (default: yaml, json when every input is JSON)
          --patch                  print JSON Patches instead of the mutated objects
          -o, --output FILE        write to FILE instead of stdout (replaced whole once complete)
          -h, --help      show this help

        Exit codes: 0 every pod admitted; 1 a pod no policy admits; 2 usage error, unreadable
                    input or invalid policy.
        """;

    private static readonly HashSet<string> ValueOptions = ["--policy", "--output-format", "--output"];
    private static readonly HashSet<string> FlagOptions = ["--patch", "--help"];
    private static readonly Dictionary<string, string> Aliases = new() { ["-h"] = "--help", ["-o"] = "--output" };

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

        var format = a.Values("--output-format").LastOrDefault();
        if (format is not (null or "yaml" or "json")) throw new UsageException($"--output-format {format}: expected yaml or json");

        var outputs = new List<JsonNode>();
        var patches = new JsonArray();
        var refused = false;
        var files = new List<InputFile>();
        foreach (var input in inputs)
        {
            var file = Read(input, stderr, ref failed);
            files.Add(file);
            foreach (var doc in file.Documents)
            {
                foreach (var obj in doc.Objects)
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
                    doc.Mutations.Add(mutation);
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
        }

        string text;
        if (a.Flag("--patch"))
        {
            var patch = patches.Count == 1 ? patches[0]!["patch"]!.DeepClone() : patches;
            text = patch.ToJsonString(Pretty) + "\n";
        }
        else if ((format ?? (files.All(f => f.IsJson) ? "json" : "yaml")) == "json")
        {
            JsonNode result = outputs.Count == 1 ? outputs[0] : new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(outputs.Select(o => o.DeepClone()).ToArray()) };
            text = result.ToJsonString(Pretty) + "\n";
        }
        else
        {
            text = Yaml(files, stderr);
        }
        var exitCode = ExitCodes.Of(Engine.Verdicts.Outcome(failed, refused));
        return OutputTarget.Write(a.Value("--output"), stdout, output =>
        {
            CommandLine.WriteText(output, text);
            return exitCode;
        });
    }

    /// <summary>Every input as YAML: YAML files edited in place, JSON ones rendered as block YAML.</summary>
    private static string Yaml(List<InputFile> files, TextWriter stderr)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var newline = file.Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            if (files.Count > 1)
            {
                if (i > 0) sb.Append("---").Append(newline);
                sb.Append("# Source: ").Append(file.Name).Append(newline);
            }
            string text;
            if (file.IsJson)
            {
                text = string.Join("---" + newline, file.Documents.Where(d => d.Parsed.Root != null).Select(d =>
                    YamlEditor.Render(PspYamlOutput.DesiredDocument(d.Parsed, d.Mutations) ?? PspJson.FromTree(d.Parsed.Root!), newline)));
            }
            else
            {
                var edited = file.Documents.Select(d => PspYamlOutput.Edit(d.Raw, d.Parsed, d.Mutations)).ToList();
                foreach (var d in edited.Where(d => !d.KeptLayout))
                {
                    stderr.WriteLine($"stockade: {file.Name}:{d.StartLine}: the document could not be edited in place (anchors or merge keys shared by what changed); printed rewritten, without its comments");
                }
                text = PspYamlOutput.Splice(file.Text, edited);
            }
            sb.Append(text);
            if (files.Count > 1 && i < files.Count - 1 && text.Length > 0 && !text.EndsWith('\n')) sb.Append(newline);
        }
        return sb.ToString();
    }

    /// <summary>An input file read for mutation: its text and its documents with their objects.</summary>
    private sealed record InputFile(string Name, string Text, bool IsJson, List<InputDocument> Documents);

    private sealed record InputDocument(RawDocument Raw, ParsedDocument Parsed, List<KubeObject> Objects)
    {
        public List<PspMutation> Mutations { get; } = [];
    }

    private sealed record BufferedInput(string Name, byte[] Bytes);

    private static BufferedInput Buffer(Engine.ScanInput input)
    {
        using var s = input.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return new BufferedInput(input.Name, ms.ToArray());
    }

    private static InputFile Read(BufferedInput input, TextWriter stderr, ref bool failed)
    {
        var documents = new List<InputDocument>();
        var isJson = false;
        foreach (var raw in DocumentSplitter.Split(new MemoryStream(input.Bytes), input.Name, ParseLimits.Default))
        {
            isJson |= raw.JsonBytes != null;
            foreach (var doc in raw.Parse(ParseLimits.Default))
            {
                if (doc.Error is { } e)
                {
                    stderr.WriteLine($"stockade: {input.Name}:{e.Position}: {e.Message}");
                    failed = true;
                }
                var objects = doc.Error == null ? ObjectReader.Read(doc, new List<ReadNote>()) : [];
                documents.Add(new InputDocument(raw, doc, objects));
            }
        }
        // The splitter skips a byte order mark; so does the text the documents are spliced into.
        var bom = input.Bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        return new InputFile(input.Name, Encoding.UTF8.GetString(input.Bytes, bom, input.Bytes.Length - bom), isJson, documents);
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
