using System.Text;
using Stockade.Baselines;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Rules;

namespace Stockade.Reporting;

/// <summary>
/// <c>path:line:col: severity rule-id message</c>, one line a finding, grouped by file, as
/// editors and terminals understand it; the findings over everything scanned together (RBAC,
/// namespaces) after them; a summary line last. With <see cref="ReportOptions.FixHints"/> each
/// finding is followed by its rule's one-line fix. Text from the manifests is <see cref="SafeText.Visible"/>.
/// </summary>
public sealed class TextReporter : IStreamingReporter
{
    /// <inheritdoc/>
    public string Format => "text";

    IReportSink IStreamingReporter.Open(Stream output, ReportOptions options, Func<string> profileName, Severity? failOn, Baseline? baseline, Func<IReadOnlyList<RuleMetadata>>? rules)
        => new TextSink(output, options, profileName(), failOn, baseline == null ? null : baseline.Unmatched);

    /// <inheritdoc/>
    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        // Written as the streamed text is: the cross-object findings at the end, which settle the
        // verdicts they fail (already settled in a collected result, so nothing changes).
        var sink = new TextSink(output, options, result.ProfileName, result.FailOn, () => result.BaselineFixed);
        var all = new DocumentOutcome();
        all.Objects.AddRange(result.Objects);
        all.Findings.AddRange(result.Findings.Where(f => !IsCrossObject(f)));
        all.Errors.AddRange(result.Errors);
        all.Notes.AddRange(result.Notes);
        sink.Add(all);
        sink.Complete(result.Findings.Where(IsCrossObject).ToList(), result.FileCount);
    }

    private static bool IsCrossObject(Finding f) => Catalog.Find(f.Rule) is InventoryRule;
}

/// <summary>
/// The text format written as the scan runs: each document's lines as soon as its outcome
/// arrives (documents come in input order, so a file's lines stay together). The findings over
/// everything scanned together are only known at the end: they are written then, and they fail
/// the objects they are reported on, so the summary (with the final passed and failed counts)
/// comes last, counted exactly as every other format counts it.
/// </summary>
internal sealed class TextSink : IReportSink
{
    private readonly StreamWriter _w;
    private readonly ReportOptions _options;
    private readonly string _profileName;
    private readonly Severity? _failOn;
    private readonly Palette _c;
    private readonly SummaryCounter _counts;
    private readonly Func<IReadOnlyList<BaselineEntry>>? _baselineFixed;
    private string? _lastFile;

    /// <summary>A sink writing to <paramref name="output"/>; <paramref name="baselineFixed"/> gives the baseline's unmatched entries, asked once the late findings are written (they use entries too).</summary>
    public TextSink(Stream output, ReportOptions options, string profileName, Severity? failOn, Func<IReadOnlyList<BaselineEntry>>? baselineFixed = null)
    {
        _baselineFixed = baselineFixed;
        _w = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        _options = options;
        _profileName = profileName;
        _failOn = failOn;
        _c = new Palette(options.Color);
        _counts = new SummaryCounter(failOn);
    }

    /// <summary>The exit code of what has been written so far (final after <see cref="Complete"/>).</summary>
    public RunOutcome Outcome => _counts.Outcome;

    public void Add(DocumentOutcome outcome)
    {
        _counts.Add(outcome.Objects, outcome.Findings, outcome.Errors.Count, outcome.Notes.Count);
        Write(outcome);
    }

    /// <summary>What the text says of a baseline entry no finding matched.</summary>
    public static string FixedMessage(BaselineEntry e) =>
        $"baseline entry no longer matches (fixed): {e.Rule} [{e.ObjectName}]{(e.Container != null ? $" container {e.Container}" : "")}";

    private void Write(DocumentOutcome outcome)
    {
        foreach (var group in Lines(outcome).GroupBy(l => l.File))
        {
            if (group.Key != _lastFile)
            {
                if (_lastFile != null) _w.WriteLine();
                _lastFile = group.Key;
            }
            foreach (var line in group.OrderBy(l => l.Line).ThenBy(l => l.Column).ThenBy(l => l.Order)) _w.WriteLine(line.Render(_c));
        }
        if (_options.FlushEachDocument) _w.Flush();
    }

    public void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount)
    {
        // In chunks: the late findings can be as many as the pods (read back from a spill file).
        foreach (var chunk in crossObjectFindings.Chunk(10_000))
        {
            _counts.AddCrossObject(chunk);
            var cross = new DocumentOutcome();
            cross.Findings.AddRange(chunk);
            Write(cross);
        }
        var baselineFixed = _baselineFixed?.Invoke() ?? [];
        if (_options.Verbose && baselineFixed.Count > 0)
        {
            var fixedNotes = new DocumentOutcome();
            fixedNotes.Notes.AddRange(baselineFixed.Select(e => new ScanNote(e.File, 0, 0, FixedMessage(e))));
            Write(fixedNotes); // not notes of the scan: counted as BaselineFixed
        }
        if (_lastFile != null) _w.WriteLine();
        _w.WriteLine(SummaryLine(_counts.ToSummary(fileCount, baselineFixed.Count)));
        _w.Flush();
    }

    private sealed record OutputLine(string File, int Line, int Column, int Order, Func<Palette, string> Render);

    private IEnumerable<OutputLine> Lines(DocumentOutcome result)
    {
        var options = _options;
        foreach (var e in result.Errors)
        {
            yield return new OutputLine(e.File, e.Line, e.Column, 0, c => $"{Location(e.File, e.Line, e.Column)}: {c.Red("error")}: {V(e.Message)}");
        }
        foreach (var f in result.Findings)
        {
            if (f.Suppressed && !options.Verbose) continue;
            yield return new OutputLine(f.File, f.Line, f.Column, 1, c =>
            {
                var policy = f.Policy != null ? $" ({V(f.Policy)})" : "";
                var source = f.Source != null ? $" (from {V(f.Source)})" : "";
                var head = $"{Location(f.File, f.Line, f.Column)}: {c.Severity(f.Severity)} {c.Bold(V(f.Rule))} {V(f.Message)} [{V(f.Object.ToString())}]{policy}{source}";
                if (f.Suppressed) head = $"{head} {c.Dim($"(suppressed: {V(f.SuppressionReason ?? "")})")}";
                return options.FixHints && FixHint(f.Rule) is { } fix ? $"{head}{Environment.NewLine}    {c.Dim("fix:")} {fix}" : head;
            });
        }
        if (options.PsaLines)
        {
            foreach (var line in PsaLines(result, _profileName)) yield return line;
        }
        if (!options.Verbose) yield break;
        foreach (var n in result.Notes)
        {
            yield return new OutputLine(n.File, n.Line, n.Column, 2, c => $"{Location(n.File, n.Line, n.Column)}: {c.Dim("note")}: {V(n.Message)}");
        }
    }

    /// <summary>
    /// One line per object and policy in Pod Security Admission's words:
    /// <c>violates PodSecurity "restricted:latest": …</c> for enforce (or a baseline/restricted
    /// profile), <c>would violate PodSecurity …</c> for warn and audit.
    /// </summary>
    private static IEnumerable<OutputLine> PsaLines(DocumentOutcome result, string profileName)
    {
        var objectLines = new Dictionary<(string, ObjectRef), int>();
        foreach (var o in result.Objects) objectLines.TryAdd((o.File, o.Object), o.Line);
        var groups = result.Findings
            .Where(f => f.Control != null && !f.Suppressed)
            .GroupBy(f => (f.File, f.Object, f.Policy));
        foreach (var g in groups)
        {
            var (mode, policy) = g.Key.Policy?.Split(' ', 2) is [var m, var p] ? (m, p) : ("enforce", profileName);
            var message = PodSecurity.PodSecurityMessage.Render(policy, g);
            if (message == null) continue;
            // PSA's warnings read "would violate PodSecurity …"; its denials "violates PodSecurity …".
            if (mode != "enforce") message = "would violate" + message["violates".Length..] + $" ({mode})";
            var line = objectLines.TryGetValue((g.Key.File, g.Key.Object), out var l) ? l : g.Min(f => f.Line);
            yield return new OutputLine(g.Key.File, line, 1, 3, c => $"{Location(g.Key.File, line, 1)}: {c.Bold(V(g.Key.Object.ToString()))} {V(message)}");
        }
    }

    /// <summary>The rule's remediation on one line.</summary>
    private static string? FixHint(string rule) =>
        Catalog.Find(rule)?.Metadata.Remediation is { Length: > 0 } r ? string.Join(' ', r.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : null;

    private static string Location(string file, int line, int column) => line > 0 ? $"{V(file)}:{line}:{column}" : V(file);

    private static string V(string text) => SafeText.Visible(text);

    private string SummaryLine(Summary s)
    {
        var parts = new List<string>();
        var severities = string.Join(", ", Summary.SeverityOrder
            .Where(v => s.BySeverity[v] > 0).Select(v => $"{s.BySeverity[v]} {v.Name()}"));
        parts.Add(s.Findings == 0 ? "no findings" : $"{s.Findings} finding{(s.Findings == 1 ? "" : "s")} ({severities})");
        parts.Add($"{s.Objects} object{(s.Objects == 1 ? "" : "s")} in {s.Files} file{(s.Files == 1 ? "" : "s")}: {s.Passed} passed, {s.Failed} failed");
        if (s.Suppressed > 0)
        {
            var kinds = string.Join(", ", s.SuppressedByKind.Where(k => k.Value > 0).Select(k => $"{k.Value} {k.Key.Name()}"));
            parts.Add($"{s.Suppressed} suppressed ({kinds}{(_options.Verbose ? "" : "; --verbose shows them")})");
        }
        if (s.BaselineFixed > 0) parts.Add($"{s.BaselineFixed} baseline entr{(s.BaselineFixed == 1 ? "y" : "ies")} fixed{(_options.Verbose ? "" : " (--verbose lists them)")}");
        if (s.Errors > 0) parts.Add(_c.Red($"{s.Errors} error{(s.Errors == 1 ? "" : "s")}"));
        if (s.Notes > 0 && !_options.Verbose) parts.Add($"{s.Notes} note{(s.Notes == 1 ? "" : "s")} (--verbose shows them)");
        var gate = _failOn is { } t ? $"fail on {t.Name()} and above" : "fail on nothing";
        return $"{string.Join("; ", parts)}; profile {V(_profileName)}, {gate}";
    }

    private readonly struct Palette(bool enabled)
    {
        private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
        public string Red(string t) => Wrap("31", t);
        public string Bold(string t) => Wrap("1", t);
        public string Dim(string t) => Wrap("2", t);

        public string Severity(Severity s) => s switch
        {
            Engine.Severity.Critical => Wrap("1;31", "critical"),
            Engine.Severity.High => Wrap("31", "high"),
            Engine.Severity.Medium => Wrap("33", "medium"),
            _ => Wrap("36", "low"),
        };
    }
}
