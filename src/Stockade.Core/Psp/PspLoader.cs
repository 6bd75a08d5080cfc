using System.Text;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>A problem in a policy file, with where it is.</summary>
internal sealed record PspLoadError(string File, SourcePosition Position, string Message)
{
    public override string ToString() => $"{File}:{Position}: {Message}";
}

/// <summary>Policies read from files, and what was wrong with the ones the API server would reject.</summary>
internal sealed class PspPolicySet
{
    public List<PspPolicy> Policies { get; } = new();
    public List<PspLoadError> Errors { get; } = new();
}

/// <summary>Reads PodSecurityPolicy objects from YAML or JSON streams and keeps the valid ones.</summary>
internal static class PspLoader
{
    public static PspPolicySet Load(IEnumerable<(string Name, Func<Stream> Open)> inputs, bool reportNonPolicies = true)
    {
        var set = new PspPolicySet();
        foreach (var (name, open) in inputs) LoadInto(set, name, open, reportNonPolicies);
        var duplicates = set.Policies.GroupBy(p => p.Name).Where(g => g.Count() > 1);
        foreach (var g in duplicates)
        {
            foreach (var later in g.Skip(1))
            {
                set.Errors.Add(new PspLoadError(later.File, later.Position, $"PodSecurityPolicy \"{later.Name}\" is defined more than once (first at {g.First().Location}); the later one is ignored"));
                set.Policies.Remove(later);
            }
        }
        return set;
    }

    /// <summary>
    /// The valid policies among objects already read (PodSecurityPolicies found among scanned
    /// documents); invalid ones are left out here and reported by the <c>psp-invalid</c> rule.
    /// </summary>
    public static List<PspPolicy> ValidPolicies(IEnumerable<KubeObject> objects) =>
        objects.Where(PspReader.IsPodSecurityPolicy)
            .Select(o => TryRead(o, out var policy, out _) ? policy : null)
            .OfType<PspPolicy>()
            .ToList();

    public static PspPolicySet FromText(string text, string name = "policy.yaml") =>
        Load([(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)))]);

    private static void LoadInto(PspPolicySet set, string name, Func<Stream> open, bool reportNonPolicies)
    {
        using var stream = open();
        foreach (var raw in DocumentSplitter.Split(stream, name, ParseLimits.Default))
        {
            foreach (var doc in raw.Parse(ParseLimits.Default))
            {
                if (doc.Error is { } e)
                {
                    set.Errors.Add(new PspLoadError(name, e.Position, e.Message));
                    continue;
                }
                var notes = new List<ReadNote>();
                foreach (var obj in ObjectReader.Read(doc, notes))
                {
                    if (!PspReader.IsPodSecurityPolicy(obj))
                    {
                        if (reportNonPolicies && obj.Kind == "PodSecurityPolicy")
                        {
                            set.Errors.Add(new PspLoadError(name, obj.Position, $"PodSecurityPolicy of apiVersion \"{obj.ApiVersion}\" is not supported (policy/v1beta1 or extensions/v1beta1)"));
                        }
                        continue;
                    }
                    if (TryRead(obj, out var policy, out var errors)) set.Policies.Add(policy);
                    set.Errors.AddRange(errors);
                }
                foreach (var n in notes.Where(n => n.IsError)) set.Errors.Add(new PspLoadError(name, n.Position, n.Message));
            }
        }
    }

    /// <summary>Reads and validates one policy object; false when the API server would reject it.</summary>
    public static bool TryRead(KubeObject obj, out PspPolicy policy, out List<PspLoadError> errors)
    {
        policy = PspReader.Read(obj);
        errors = obj.Decode.Errors.Select(d => new PspLoadError(obj.File, d.Position, d.Message)).ToList();
        var name = policy.Name;
        errors.AddRange(PspValidator.Validate(policy).Select(v => new PspLoadError(obj.File, v.Position, $"PodSecurityPolicy \"{name}\" is invalid: {v.Message}")));
        return errors.Count == 0;
    }
}
