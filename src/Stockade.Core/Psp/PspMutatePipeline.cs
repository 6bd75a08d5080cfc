using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>An input of <c>mutate</c>, read whole: it is read for policies first, then mutated.</summary>
internal sealed record PspMutateInput(string Name, byte[] Bytes)
{
    public Stream Open() => new MemoryStream(Bytes, writable: false);
}

/// <summary>What <c>mutate</c> prints.</summary>
internal enum PspMutateOutput
{
    /// <summary>JSON when every input is JSON, else YAML.</summary>
    Auto,
    Yaml,
    Json,

    /// <summary>The RFC 6902 JSON Patch of each pod object.</summary>
    Patch,
}

/// <summary>A line for the user, in the order it happened; <paramref name="IsError"/> marks input problems.</summary>
internal readonly record struct PspMutateMessage(bool IsError, string Text);

/// <param name="Text">The output, whole.</param>
/// <param name="Messages">Admission decisions, unreadable input, documents that could not keep their layout.</param>
/// <param name="Failed">Some input could not be read (or a pod in it could not be decoded).</param>
/// <param name="Refused">Some pod no policy admits.</param>
internal sealed record PspMutateResult(string Text, IReadOnlyList<PspMutateMessage> Messages, bool Failed, bool Refused);

/// <summary>
/// <c>mutate</c> without its host: split → parse → read objects → apply PodSecurityPolicy admission
/// to each pod → splice the edited documents back into their files (or render JSON, or patches).
/// Pure: the host reads the inputs and policies and writes the result.
/// </summary>
internal static class PspMutatePipeline
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The PodSecurityPolicy objects among the inputs (other objects are not errors here).</summary>
    public static PspPolicySet PoliciesIn(IEnumerable<PspMutateInput> inputs) =>
        PspLoader.Load(inputs.Select(i => (i.Name, (Func<Stream>)i.Open)), reportNonPolicies: false);

    /// <param name="inputs">The files, read whole.</param>
    /// <param name="policies">The policies from <c>--policy</c> files and the inputs.</param>
    /// <param name="output">What to print.</param>
    /// <param name="authorization">Which policies a pod may use (<see cref="PspAuthorizationMode"/>), judged by the RBAC objects among the inputs.</param>
    /// <param name="requester">Who creates the Pods, when given.</param>
    public static PspMutateResult Run(IReadOnlyList<PspMutateInput> inputs, IReadOnlyList<PspPolicy> policies, PspMutateOutput output,
        PspAuthorizationMode authorization = PspAuthorizationMode.All, PspRequester? requester = null)
    {
        var messages = new List<PspMutateMessage>();
        var failed = false;
        var refused = false;
        var outputs = new List<JsonNode>();
        var patches = new JsonArray();
        var files = inputs.Select(input => Read(input, messages, ref failed)).ToList();
        // Every input is read before any pod is judged: a binding can follow the pods it grants to.
        var authorizer = PspAuthorizationModes.Resolve(authorization, files.SelectMany(f => f.Documents).SelectMany(d => d.Objects), requester ?? PspRequester.None, out var note);
        if (note != null) messages.Add(new(false, "stockade: " + note));
        foreach (var file in files)
        {
            foreach (var doc in file.Documents)
            {
                foreach (var obj in doc.Objects)
                {
                    var mutation = PspMutator.Apply(obj, policies, authorizer);
                    if (mutation == null)
                    {
                        if (obj.Decode.HasErrors)
                        {
                            foreach (var d in obj.Decode.Errors) messages.Add(new(true, $"{obj.File}:{d.Position}: {d.Message}"));
                            failed = true;
                        }
                        outputs.Add(TreeJson.From(obj.Root)!);
                        continue;
                    }
                    messages.Add(new(false, Describe(mutation)));
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

        if (output == PspMutateOutput.Auto) output = files.All(f => f.IsJson) ? PspMutateOutput.Json : PspMutateOutput.Yaml;
        var text = output switch
        {
            PspMutateOutput.Patch => (patches.Count == 1 ? patches[0]!["patch"]!.DeepClone() : patches).ToJsonString(Pretty) + "\n",
            PspMutateOutput.Json => (outputs.Count == 1 ? outputs[0]
                : new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(outputs.Select(o => o.DeepClone()).ToArray()) }).ToJsonString(Pretty) + "\n",
            _ => Yaml(files, messages),
        };
        return new PspMutateResult(text, messages, failed, refused);
    }

    /// <summary>Every input as YAML: YAML files edited in place, JSON ones rendered as block YAML.</summary>
    private static string Yaml(List<InputFile> files, List<PspMutateMessage> messages)
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
                    YamlEditor.Render(PspYamlOutput.DesiredDocument(d.Parsed, d.Mutations) ?? TreeJson.From(d.Parsed.Root!), newline)));
            }
            else
            {
                var edited = file.Documents.Select(d => PspYamlOutput.Edit(d.Raw, d.Parsed, d.Mutations)).ToList();
                foreach (var d in edited.Where(d => !d.KeptLayout))
                {
                    messages.Add(new(true, $"{file.Name}:{d.StartLine}: the document could not be edited in place (anchors or merge keys shared by what changed); printed rewritten, without its comments"));
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

    private static InputFile Read(PspMutateInput input, List<PspMutateMessage> messages, ref bool failed)
    {
        var documents = new List<InputDocument>();
        var isJson = false;
        foreach (var raw in DocumentSplitter.Split(input.Open(), input.Name, ParseLimits.Default))
        {
            isJson |= raw.JsonBytes != null;
            foreach (var doc in raw.Parse(ParseLimits.Default))
            {
                if (doc.Error is { } e)
                {
                    messages.Add(new(true, $"{input.Name}:{e.Position}: {e.Message}"));
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

    /// <summary>The decision for one object, as the admission plugin would have reported it.</summary>
    private static string Describe(PspMutation m)
    {
        var where = $"{m.Object.File}:{m.Object.Position.Line}: {m.Object.Ref}";
        var d = m.Decision;
        if (d.Admitted)
        {
            var how = d.Changes.Count == 0 ? "as written" : "after defaulting: " + string.Join("; ", d.Changes.All.Select(c => c.Description));
            var skipped = d.Unusable.Count == 0 ? "" : "; not usable: " + string.Join("; ", d.Unusable.Select(u => $"\"{u.Policy.Name}\" ({u.Reason})"));
            return $"{where}: admitted by PodSecurityPolicy \"{d.Policy!.Name}\" {how}{skipped}";
        }
        var sb = new StringBuilder($"{where}: refused: unable to validate against any pod security policy");
        foreach (var (policy, errs) in d.Refusals)
        {
            foreach (var e in errs) sb.Append($"\n  {m.Object.File}:{e.Position}: [{policy.Name}] {e.Message}");
        }
        foreach (var u in d.Unusable) sb.Append($"\n  [{u.Policy.Name}] not usable: {u.Reason}");
        return sb.ToString();
    }
}
