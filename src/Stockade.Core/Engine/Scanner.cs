using Stockade.Config;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>What one document produced.</summary>
internal sealed class DocumentOutcome
{
    public List<ObjectResult> Objects { get; } = new();
    public List<Finding> Findings { get; } = new();
    public List<ScanError> Errors { get; } = new();
    public List<ScanNote> Notes { get; } = new();
    public List<InventoryEntry> Inventory { get; } = new();

    /// <summary>Objects of the kinds the profile's <see cref="Profile.Needs"/> gather.</summary>
    public List<KubeObject> Collected { get; } = new();

    /// <summary>A collected result as one outcome, for a streaming sink that writes a result after the scan.</summary>
    public static DocumentOutcome Of(ScanResult result)
    {
        var all = new DocumentOutcome();
        all.Objects.AddRange(result.Objects);
        all.Findings.AddRange(result.Findings);
        all.Errors.AddRange(result.Errors);
        all.Notes.AddRange(result.Notes);
        return all;
    }

    /// <summary>The document's ServiceAccounts and LimitRanges, with <see cref="ScanOptions.BundleFromInput"/>.</summary>
    internal BundleFacts? Facts { get; set; }

    /// <summary>Findings that wait for the bundle facts (<see cref="ScanOptions.BundleFromInput"/>), exemptions already applied.</summary>
    internal List<DependentFinding> Dependent { get; } = new();
}

/// <summary>
/// Runs a profile over inputs: documents are split as they stream in, parsed and checked on
/// every core, and their outcomes put back in input order.
/// </summary>
public sealed class Scanner
{
    private readonly ScanOptions _options;
    private readonly (PodRule Rule, Severity Severity)[] _podRules;
    private readonly (ObjectRule Rule, Severity Severity)[] _objectRules;
    private readonly (DocumentRule Rule, Severity Severity)[] _documentRules;
    private readonly IReadOnlyList<Exemption> _activeExemptions;
    private readonly bool _collectInventory;

    /// <summary>The kinds the enabled inventory rules read; null for every kind.</summary>
    private readonly IReadOnlySet<string>? _inventoryKinds;
    private readonly AnnotationTrust _annotationTrust;

    /// <summary>What the profile's needs call for; null when it has none.</summary>
    private readonly Deferral? _deferral;

    /// <summary>A scanner applying <paramref name="options"/>; one scanner may scan many times.</summary>
    public Scanner(ScanOptions options)
    {
        _options = options;
        _deferral = Deferral.Of(options.Profile, options.Spool);
        Profile = options.Profile;
        var config = options.Config;
        _podRules = options.Profile.PodRules.Where(config.IsEnabled).Select(r => (r, config.SeverityOf(r))).ToArray();
        _objectRules = options.Profile.ObjectRules.Where(config.IsEnabled).Select(r => (r, config.SeverityOf(r))).ToArray();
        _documentRules = options.Profile.DocumentRules.Where(config.IsEnabled).Select(r => (r, config.SeverityOf(r))).ToArray();
        _activeExemptions = config.Exemptions.Where(e => !e.IsExpired(options.Today)).ToList();
        // The configuration can only narrow what the host trusts: a repository that takes outside
        // contributions refuses annotations its reviewers may not notice.
        _annotationTrust = config.AnnotationExemptions ? options.AnnotationExemptions
            : AnnotationTrust.Refused($"annotationExemptions is false in {Path.GetFileName(config.File ?? ConfigLoader.FileName)}");
        // Only cross-object rules read the inventory; without one (PSS profiles, the webhook's
        // per-request scans) building an entry per object would be work and memory for nothing.
        var inventoryRules = options.Profile.Rules.OfType<InventoryRule>().Where(config.IsEnabled).ToList();
        _collectInventory = inventoryRules.Count > 0;
        _inventoryKinds = inventoryRules.Any(r => r.Kinds == null) ? null : inventoryRules.SelectMany(r => r.Kinds!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The name of the profile applied.</summary>
    public string ProfileName => Profile.Name;

    /// <summary>The rules the scan reports (the applied profile's enabled ones, at their configured severity); final after the scan.</summary>
    public IReadOnlyList<RuleMetadata> ReportedRules => _options.RulesReported(Profile);

    /// <summary>Findings at or above this fail an object and the run; null: nothing fails.</summary>
    public Severity? FailOn => _options.FailOn;

    /// <summary>The baseline findings are compared with; null without one.</summary>
    internal Baselines.Baseline? Baseline => _options.Baseline;

    /// <summary>
    /// The profile the scan applied: the options' profile, or after a scan of a profile with
    /// <see cref="Profile.Needs"/>, the full profile it resolved to.
    /// </summary>
    public Profile Profile { get; private set; }

    /// <summary>Scans everything and returns the whole result.</summary>
    public ScanResult Scan(IEnumerable<ScanInput> inputs)
    {
        var sink = new CollectingSink(_options, () => Profile);
        Scan(inputs, sink);
        return sink.Result;
    }

    /// <summary>
    /// Scans, handing each document's outcome to <paramref name="sink"/> in input order as soon as
    /// the documents before it are done: memory follows the documents in flight, not the input.
    /// </summary>
    internal void Scan(IEnumerable<ScanInput> inputs, IScanSink sink)
    {
        var deferral = _deferral;
        // Verdicts wait only when rules can still be added; otherwise every late finding settles
        // the verdicts it fails at Complete, as the cross-object ones do.
        var holding = deferral?.Spool == null ? null : new HoldingSink(sink);
        using var dependent = new DependentFindingStore(_options.SpillStream, _options.Profile.Rules.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First()));
        var ordered = new OrderedDelivery(holding ?? sink) { Dependent = dependent, Baseline = _options.Baseline };
        ordered.Deliver(-1, ConfigurationNotes());
        var fileCount = 0;
        // The kept documents' files that are chart templates: the second look judges them as the first did.
        var chartFiles = new HashSet<string>(StringComparer.Ordinal);
        Run(EnumerateDocuments(inputs, ordered, () => fileCount++, chartFiles), ordered);
        if (deferral != null) RunDeferred(deferral, ordered, holding ?? (IScanSink)sink, chartFiles);
        // Settled one at a time as the sink takes them: the held findings may come back from the spill file.
        IEnumerable<Finding> Late()
        {
            foreach (var draft in dependent.All())
            {
                if (draft.Settle(ordered.Facts) is { } settled) yield return Accept(settled);
            }
            foreach (var f in InventoryChecks.Run(_options with { Profile = Profile }, _activeExemptions, ordered.Inventory)) yield return Accept(f);
        }
        sink.Complete(Late(), fileCount);
    }

    private void Run(IEnumerable<WorkItem> work, OrderedDelivery ordered) =>
        DocumentPipeline.Run(work, Math.Max(1, _options.MaxParallelism), item => ordered.Deliver(item.Sequence, Check(item)));

    private DocumentOutcome Check(WorkItem item)
    {
        var outcome = new DocumentOutcome();
        try
        {
            foreach (var doc in item.Raw.Parse(_options.Limits)) ScanDocument(doc, outcome, item.Raw, item.InHelmChart);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect in one check must not lose the other documents: report it as this document's error.
            outcome = new DocumentOutcome();
            outcome.Errors.Add(new ScanError(item.Raw.File, item.Raw.StartLine, 1,
                $"internal error while checking this document ({e.GetType().Name}: {e.Message}); please report it"));
        }
        return outcome;
    }

    /// <summary>
    /// After the read: the rules the full profile adds run over the spooled documents, and the
    /// held object verdicts are delivered with what they found.
    /// </summary>
    private void RunDeferred(Deferral deferral, OrderedDelivery read, IScanSink sink, IReadOnlySet<string> chartFiles)
    {
        var notes = new DocumentOutcome();
        Profile = deferral.Resolve(read.Collected, notes.Notes);
        if (notes.Notes.Count > 0) sink.Add(notes);
        var first = _options.Profile.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var added = Profile.Rules.Where(r => !first.Contains(r.Id)).ToList();
        if (sink is not HoldingSink holding)
        {
            // Nothing was kept to check again: a host that said no rule could be added and then added one must not pass what was not checked.
            if (added.Count == 0) return;
            var notChecked = new DocumentOutcome();
            notChecked.Errors.Add(new ScanError("", 0, 0, $"internal error: {string.Join(", ", added.Select(r => r.Metadata.Id).Distinct())} joined the profile after the read, with nothing kept to check; please report it"));
            sink.Add(notChecked);
            return;
        }
        if (added.Count == 0)
        {
            holding.ReleaseAll();
            return;
        }
        if (deferral.Spool!.Overflow is { } overflow)
        {
            // Judging only part of the input against the full profile would pass what was not seen.
            var failed = new DocumentOutcome();
            var rules = string.Join(", ", added.Select(r => r.Metadata.Id).Distinct());
            failed.Errors.Add(overflow with { Message = $"{overflow.Message}; so the input could not be checked by {rules}, which needs objects from all of it" });
            holding.Forward(failed);
            holding.ReleaseAll(Verdict.Fail);
            return;
        }
        var bundle = _options.BundleFromInput ? read.Facts : _options.Bundle;
        var second = new Scanner(_options with { Profile = new Profile(Profile.Name, Profile.Description, added), Spool = null, Bundle = bundle, BundleFromInput = false });
        var ordered = new OrderedDelivery(new MergingSink(holding)) { Baseline = _options.Baseline };
        ordered.Deliver(-1, new DocumentOutcome());
        // A chart template that parses is an error on both looks; were it checked on the second, its
        // objects would take the held verdicts of the objects after it.
        second.Run(deferral.Spool.Replay().Select((raw, i) => new WorkItem(i, raw, chartFiles.Contains(raw.File))), ordered);
        holding.ReleaseAll();
    }

    /// <summary>
    /// Passes outcomes on without their object verdicts, which wait for the deferred rules;
    /// errors, notes and findings go out as soon as they are known.
    /// </summary>
    private sealed class HoldingSink(IScanSink sink) : IScanSink
    {
        private readonly Queue<ObjectResult> _held = new();

        public void Add(DocumentOutcome outcome)
        {
            foreach (var o in outcome.Objects) _held.Enqueue(o);
            outcome.Objects.Clear();
            sink.Add(outcome);
        }

        public void Forward(DocumentOutcome outcome) => sink.Add(outcome);

        /// <summary>The next <paramref name="count"/> held verdicts, in input order.</summary>
        public IEnumerable<ObjectResult> Take(int count)
        {
            for (var i = 0; i < count && _held.Count > 0; i++) yield return _held.Dequeue();
        }

        public void ReleaseAll(Verdict? verdict = null)
        {
            if (_held.Count == 0) return;
            var rest = new DocumentOutcome();
            rest.Objects.AddRange(_held.Select(o => verdict is { } v ? o with { Verdict = v } : o));
            _held.Clear();
            sink.Add(rest);
        }

        public void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount) => throw new InvalidOperationException("not a final sink");
    }

    /// <summary>
    /// The second look at a spooled document: its findings from the deferred rules, and its
    /// objects' verdicts from both looks. Errors and notes were reported by the first.
    /// </summary>
    private sealed class MergingSink(HoldingSink holding) : IScanSink
    {
        public void Add(DocumentOutcome outcome)
        {
            var merged = new DocumentOutcome();
            merged.Findings.AddRange(outcome.Findings);
            using var held = holding.Take(outcome.Objects.Count).GetEnumerator();
            foreach (var second in outcome.Objects)
            {
                if (!held.MoveNext()) break;
                var fails = held.Current.Verdict == Verdict.Fail || second.Verdict == Verdict.Fail;
                merged.Objects.Add(held.Current with { Verdict = fails ? Verdict.Fail : Verdict.Pass });
            }
            if (merged.Objects.Count > 0 || merged.Findings.Count > 0) holding.Forward(merged);
        }

        public void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount) => throw new InvalidOperationException("not a final sink");
    }

    private DocumentOutcome ConfigurationNotes()
    {
        var outcome = new DocumentOutcome();
        foreach (var e in _options.Config.Exemptions.Where(e => e.IsExpired(_options.Today)))
        {
            outcome.Notes.Add(new ScanNote(e.OriginFile, e.OriginLine, e.OriginColumn,
                $"exemption for {string.Join(", ", e.Rules)} expired on {e.Expires:yyyy-MM-dd}; the findings it covered are reported again"));
        }
        return outcome;
    }

    private readonly record struct WorkItem(long Sequence, RawDocument Raw, bool InHelmChart = false);

    private IEnumerable<WorkItem> EnumerateDocuments(IEnumerable<ScanInput> inputs, OrderedDelivery ordered, Action countFile, HashSet<string> chartFiles)
    {
        long sequence = 0;
        foreach (var input in inputs)
        {
            countFile();
            if (input.InHelmChart && _deferral?.Spool != null) chartFiles.Add(input.Name);
            Stream? stream = null;
            IEnumerator<RawDocument>? docs = null;
            string? openError = null;
            try
            {
                stream = input.Open();
                docs = DocumentSplitter.Split(stream, input.Name, _options.Limits, listItemsApart: true).GetEnumerator();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                openError = e.Message;
            }
            if (openError != null)
            {
                ordered.Deliver(sequence++, Failed(input, openError));
                continue;
            }
            using (stream)
            using (docs)
            {
                while (true)
                {
                    RawDocument raw;
                    try
                    {
                        if (!docs!.MoveNext()) break;
                        raw = docs.Current;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        ordered.Deliver(sequence++, Failed(input, e.Message));
                        break;
                    }
                    _deferral?.Spool?.Add(raw);
                    yield return new WorkItem(sequence++, raw, input.InHelmChart);
                }
            }
        }
    }

    private static DocumentOutcome Failed(ScanInput input, string message)
    {
        var failed = new DocumentOutcome();
        failed.Errors.Add(new ScanError(input.Name, 0, 0, $"cannot read: {message}"));
        return failed;
    }

    /// <summary>Checks one parsed document, adding what it finds to <paramref name="outcome"/>.</summary>
    internal void ScanDocument(ParsedDocument doc, DocumentOutcome outcome) => ScanDocument(doc, outcome, null, false);

    private void ScanDocument(ParsedDocument doc, DocumentOutcome outcome, RawDocument? raw, bool inHelmChart)
    {
        if (((raw != null ? UnrenderedInput.HelmTemplate(raw, doc, inHelmChart) : null) ?? UnrenderedInput.Kustomization(doc)) is { } unrendered)
        {
            outcome.Errors.Add(unrendered);
            return;
        }
        if (doc.Error is { } error)
        {
            outcome.Errors.Add(new ScanError(doc.File, error.Position.Line, error.Position.Column, error.Message));
            return;
        }
        var readNotes = new List<ReadNote>();
        var objects = ObjectReader.Read(doc, readNotes);
        foreach (var n in readNotes)
        {
            if (n.IsError) outcome.Errors.Add(new ScanError(doc.File, n.Position.Line, n.Position.Column, n.Message));
            else outcome.Notes.Add(new ScanNote(doc.File, n.Position.Line, n.Position.Column, n.Message));
        }
        ScanObjects(doc, objects, objects.Select(WorkloadLocator.Locate).ToList(), outcome, raw != null ? UnrenderedInput.HelmSource(raw) : null);
    }

    /// <summary>
    /// Checks an object a host has already read from <paramref name="doc"/> — its only object, so
    /// the document's diagnostics are all its own — with the pod located in it (null when it has
    /// none), as <see cref="ScanDocument(ParsedDocument, DocumentOutcome)"/> would: the webhook reads and locates a review once.
    /// </summary>
    internal void ScanObject(ParsedDocument doc, KubeObject obj, PodSubject? pod, DocumentOutcome outcome) => ScanObjects(doc, [obj], [pod], outcome);

    private void ScanObjects(ParsedDocument doc, IReadOnlyList<KubeObject> objects, IReadOnlyList<PodSubject?> pods, DocumentOutcome outcome, string? source = null)
    {
        if (_deferral is { } deferral) outcome.Collected.AddRange(objects.Where(o => deferral.Kinds.Contains(o.Kind)));
        if (objects.Count > 0) _options.Baseline?.Checked(doc.File, source);
        if (_options.BundleFromInput && objects.Any(o => BundleFacts.Kinds.Contains(o.Kind))) outcome.Facts = BundleFacts.From(objects);
        var perObject = new List<Finding>[objects.Count];
        var inSource = new List<Exemption>[objects.Count];
        var dependent = _options.BundleFromInput ? new List<DependentFinding>() : null;
        for (var i = 0; i < objects.Count; i++)
        {
            perObject[i] = new List<Finding>();
            CheckObject(objects[i], pods[i], perObject[i], dependent, outcome.Notes);
            inSource[i] = AnnotationExemptions.Read(objects[i], pods[i], _annotationTrust, outcome.Errors, outcome.Notes);
            if (dependent is { Count: > 0 })
            {
                // Exemptions match by rule, object and container, not by what the bundle decides: applied now, so nothing else of the object is kept.
                foreach (var d in dependent) outcome.Dependent.Add(d with { Draft = Exempt(inSource[i], d.Draft with { Source = source }) });
                dependent.Clear();
            }
            if (_collectInventory && (_inventoryKinds == null || _inventoryKinds.Contains(objects[i].Kind))) outcome.Inventory.Add(InventoryEntry.Of(objects[i], pods[i], inSource[i], _options.Origin));
        }
        CheckDiagnostics(doc, objects, perObject);
        for (var i = 0; i < objects.Count; i++)
        {
            var obj = objects[i];
            var findings = perObject[i];
            if (source != null) for (var k = 0; k < findings.Count; k++) findings[k] = findings[k] with { Source = source };
            ApplyExemptions(inSource[i], findings, outcome);
            // Stable: findings at one position keep the order the rule reported them in (container order).
            var ordered = findings.OrderBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Rule, StringComparer.Ordinal).ToList();
            findings.Clear();
            findings.AddRange(ordered);
            foreach (var e in obj.Decode.Errors) outcome.Errors.Add(new ScanError(doc.File, e.Position.Line, e.Position.Column, e.Message));
            FieldValidationCheck.Run(_options.FieldValidation, doc, obj, DuplicatesOf(doc, objects, i), outcome);
            var fails = obj.Decode.HasErrors || findings.Any(f => Verdicts.Fails(f, _options.FailOn));
            outcome.Objects.Add(new ObjectResult(doc.File, obj.Position.Line, obj.Ref, fails ? Verdict.Fail : Verdict.Pass));
            outcome.Findings.AddRange(findings);
        }
    }

    private void CheckObject(KubeObject obj, PodSubject? pod, List<Finding> findings, List<DependentFinding>? dependent, List<ScanNote> notes)
    {
        // An object the API server would reject is reported as an error; its rules would read guesses.
        if (obj.Decode.HasErrors) return;
        RuleContext? context = null;
        RuleContext For(Rule rule, Severity severity) =>
            context = context?.For(rule, severity) ?? new RuleContext(rule, severity, _options.Config.Settings, obj.File, obj.Ref, findings, _options.Origin, _options.Bundle, dependent) { Notes = notes };
        if (pod != null)
        {
            foreach (var (rule, severity) in _podRules) rule.Check(pod, For(rule, severity));
        }
        foreach (var (rule, severity) in _objectRules)
        {
            if (rule.AppliesTo(obj)) rule.Check(obj, For(rule, severity));
        }
    }

    private void CheckDiagnostics(ParsedDocument doc, IReadOnlyList<KubeObject> objects, List<Finding>[] perObject)
    {
        if (doc.Diagnostics.Count == 0 || objects.Count == 0 || _documentRules.Length == 0) return;
        foreach (var diagnostic in doc.Diagnostics)
        {
            var owner = OwnerOf(objects, diagnostic.Position);
            foreach (var (rule, severity) in _documentRules)
            {
                rule.Check(diagnostic, objects[owner], new RuleContext(rule, severity, _options.Config.Settings, doc.File, objects[owner].Ref, perObject[owner]));
            }
        }
    }

    /// <summary>The document's duplicate keys that belong to object <paramref name="index"/>.</summary>
    private static IEnumerable<YamlDiagnostic> DuplicatesOf(ParsedDocument doc, IReadOnlyList<KubeObject> objects, int index) =>
        doc.Diagnostics.Count == 0 ? [] : doc.Diagnostics.Where(d => d.Kind == DiagnosticKind.DuplicateKey && OwnerOf(objects, d.Position) == index);

    /// <summary>The last object starting at or before a position: the one a List item's diagnostic belongs to.</summary>
    private static int OwnerOf(IReadOnlyList<KubeObject> objects, SourcePosition p)
    {
        var owner = 0;
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i].Position;
            if (o.Line < p.Line || o.Line == p.Line && o.Column <= p.Column) owner = i;
        }
        return owner;
    }

    private void ApplyExemptions(List<Exemption> fromAnnotations, List<Finding> findings, DocumentOutcome outcome)
    {
        foreach (var e in fromAnnotations.Where(e => e.IsExpired(_options.Today)))
        {
            outcome.Notes.Add(new ScanNote(e.OriginFile, e.OriginLine, e.OriginColumn,
                $"{e.Origin} expired on {e.Expires:yyyy-MM-dd}; the findings it covered are reported again"));
        }
        if (findings.Count == 0 || _activeExemptions.Count == 0 && fromAnnotations.Count == 0 && _options.Baseline == null) return;
        for (var i = 0; i < findings.Count; i++) findings[i] = Accept(Exempt(fromAnnotations, findings[i]));
    }

    /// <summary>The finding, suppressed when the baseline accepted it (exemptions come first: an exempted finding uses no entry).</summary>
    private Finding Accept(Finding f) => _options.Baseline is { } baseline ? baseline.Apply(f) : f;

    /// <summary>The finding, suppressed by the first exemption that matches it (the manifest's own first, then the configuration's).</summary>
    private Finding Exempt(List<Exemption> fromAnnotations, Finding f)
    {
        var inSource = fromAnnotations.FirstOrDefault(e => !e.IsExpired(_options.Today) && e.Matches(f));
        var match = inSource ?? _activeExemptions.FirstOrDefault(e => e.Matches(f));
        return match == null ? f : f with { Suppressed = true, SuppressionReason = $"{match.Reason} ({match.Origin})", SuppressedInSource = inSource != null };
    }
}
