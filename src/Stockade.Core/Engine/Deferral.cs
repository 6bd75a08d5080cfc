using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>
/// How the scan meets a profile's <see cref="Profile.Needs"/> while reading the input once: it
/// checks every document with the rules of the first pass, gathers the objects of
/// <see cref="Kinds"/>, and keeps each document in <see cref="Spool"/> when a need can add rules;
/// after the last document, the rules the full profile adds run over the kept documents. Object
/// verdicts wait for them; findings of the first rules are delivered as they are found.
/// (The ServiceAccounts and LimitRanges of the bundle need no deferral: see <see cref="ScanOptions.BundleFromInput"/>.)
/// </summary>
internal sealed class Deferral
{
    private Deferral(Profile profile, IReadOnlySet<string> kinds, IDocumentSpool? spool)
    {
        Profile = profile;
        Kinds = kinds;
        Spool = spool;
    }

    /// <summary>The profile whose needs are met at the end of the read.</summary>
    public Profile Profile { get; }

    /// <summary>Kinds whose objects the read gathers: the union of the needs' kinds.</summary>
    public IReadOnlySet<string> Kinds { get; }

    /// <summary>
    /// Where documents wait for the rules the needs add; null when no need adds any (and then
    /// nothing is kept and no verdict waits), or when the host gave no spool. Rules are compared
    /// by id: a rule of the first profile is not run again.
    /// </summary>
    public IDocumentSpool? Spool { get; }

    /// <summary>The deferral a profile's needs call for, or null when it has none.</summary>
    public static Deferral? Of(Profile profile, IDocumentSpool? spool)
    {
        if (profile.Needs.Count == 0) return null;
        var kinds = profile.Needs.SelectMany(n => n.Kinds).ToHashSet(StringComparer.Ordinal);
        return new Deferral(profile, kinds, profile.Needs.Any(n => n.AddsRules) ? spool : null);
    }

    /// <summary>The full profile, given the gathered objects in input order; notes it adds are reported with the scan's other notes.</summary>
    public Profile Resolve(IReadOnlyList<KubeObject> gathered, List<ScanNote> notes) => Profile.Resolve(gathered, notes);
}

/// <summary>Documents kept, in input order, to be checked again at the end of the read.</summary>
internal interface IDocumentSpool
{
    /// <summary>Keeps a document, unless the spool is full (see <see cref="Overflow"/>).</summary>
    void Add(RawDocument document);

    /// <summary>Why not every document was kept (a size limit, at the input it was reached in), or null.</summary>
    ScanError? Overflow { get; }

    /// <summary>The kept documents, in the order they were added.</summary>
    IEnumerable<RawDocument> Replay();
}
