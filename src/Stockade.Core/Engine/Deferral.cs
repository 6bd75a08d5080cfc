using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>
/// Rules that can only judge a document once objects from anywhere in the input are known
/// (Namespaces for the namespace profile, PodSecurityPolicies for the policy set). The input is
/// read once: the scan checks every document with the rules that need nothing more, collects the
/// objects of <see cref="Kinds"/>, and keeps each document in <see cref="Spool"/> when the full
/// profile can add rules; after the last document, the rules it adds run over the kept documents.
/// Object verdicts wait for them; findings of the first rules are delivered as they are found.
/// (The ServiceAccounts and LimitRanges of the bundle need no deferral: see <see cref="ScanOptions.BundleFromInput"/>.)
/// </summary>
public sealed class Deferral
{
    /// <summary>Kinds whose objects the read collects for <see cref="Resolve"/>.</summary>
    public required IReadOnlySet<string> Kinds { get; init; }

    /// <summary>
    /// The full profile, given the collected objects in input order; notes it adds (a policy found
    /// but not applied, say) are reported with the scan's other notes.
    /// </summary>
    public required Func<IReadOnlyList<KubeObject>, List<ScanNote>, Profile> Resolve { get; init; }

    /// <summary>
    /// Where documents wait for the rules that <see cref="Resolve"/> adds; null when it adds none
    /// (it only names the profile and adds notes), and then nothing is kept and no verdict waits.
    /// Rules are compared by id: a rule of the first profile is not run again.
    /// </summary>
    public IDocumentSpool? Spool { get; init; }
}

/// <summary>Documents kept, in input order, to be checked again at the end of the read.</summary>
public interface IDocumentSpool
{
    /// <summary>Keeps a document, unless the spool is full (see <see cref="Overflow"/>).</summary>
    void Add(RawDocument document);

    /// <summary>Why not every document was kept (a size limit, at the input it was reached in), or null.</summary>
    ScanError? Overflow { get; }

    /// <summary>The kept documents, in the order they were added.</summary>
    IEnumerable<RawDocument> Replay();
}
