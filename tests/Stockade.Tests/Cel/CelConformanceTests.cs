using System.Globalization;
using System.Text;
using Stockade.Cel;
using Stockade.Cel.Runtime;
using Stockade.Cel.Values;
using Xunit.Abstractions;

namespace Stockade.Tests.Cel;

/// <summary>
/// Runs the cel-spec conformance files that concern the language (not protobuf messages). Every case
/// passes except those in conformance-known-failures.txt, and every case listed there still fails,
/// so the list is always true and can only shrink. Set CEL_CONFORMANCE_WRITE=1 to rewrite the list.
/// </summary>
public sealed class CelConformanceTests(ITestOutputHelper output)
{
    internal static readonly string[] Files =
    [
        "basic", "comparisons", "conversions", "fields", "fp_math", "integer_math", "lists", "logic", "macros",
        "macros2", "optionals", "parse", "plumbing", "string", "string_ext", "timestamps", "math_ext",
        "encoders_ext", "bindings_ext", "block_ext", "namespace", "type_deduction", "network_ext",
    ];

    private static readonly string KnownFailuresPath = Path.Combine(SourceDir(), "conformance-known-failures.txt");

    [Fact]
    public void Every_conformance_case_passes_except_the_listed_known_failures_which_still_fail()
    {
        var known = File.ReadAllLines(KnownFailuresPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();
        var failures = new List<string>();
        var summary = new StringBuilder();
        int total = 0, passed = 0;
        foreach (var file in Files)
        {
            var results = Run(file).ToList();
            var ok = results.Count(r => r.Failure == null);
            total += results.Count;
            passed += ok;
            summary.AppendLine(CultureInfo.InvariantCulture, $"{file}: {ok}/{results.Count}");
            failures.AddRange(results.Where(r => r.Failure != null).Select(r => r.Id));
            foreach (var r in results.Where(r => r.Failure != null && !known.Contains(r.Id)))
                output.WriteLine($"FAIL {r.Id}: {r.Failure}");
        }
        summary.AppendLine(CultureInfo.InvariantCulture, $"total: {passed}/{total}");
        output.WriteLine(summary.ToString());
        if (Environment.GetEnvironmentVariable("CEL_CONFORMANCE_WRITE") == "1")
        {
            File.WriteAllLines(KnownFailuresPath, new[] { "# cel-spec conformance cases not yet passing (file/section/test); CelConformanceTests keeps this true." }.Concat(failures));
            File.WriteAllText(Path.Combine(SourceDir(), "conformance-summary.txt"), summary.ToString());
        }
        var unexpected = failures.Where(f => !known.Contains(f)).ToList();
        var nowPassing = known.Where(k => !failures.Contains(k)).ToList();
        Assert.True(unexpected.Count == 0, "conformance cases failing that are not on the known-failure list:\n" + string.Join("\n", unexpected));
        Assert.True(nowPassing.Count == 0, "known failures that now pass (or no longer exist): remove them from the list:\n" + string.Join("\n", nowPassing));
    }

    internal sealed record CaseResult(string Id, string? Failure);

    internal static IEnumerable<CaseResult> Run(string file)
    {
        var root = TextMessage.Parse(File.ReadAllText(Path.Combine(ConformanceDir.Value, file + ".textproto")));
        foreach (var section in root.Messages("section"))
        {
            foreach (var test in section.Messages("test"))
            {
                if (test.Scalar("check_only") is "true") continue;
                var id = $"{file}/{section.String("name")}/{test.String("name")}";
                yield return new CaseResult(id, RunCase(test));
            }
        }
    }

    private static string? RunCase(TextMessage test)
    {
        var expr = test.String("expr")!;
        object? expected = null;
        var expectError = test.Has("eval_error") || test.Has("any_eval_errors");
        try
        {
            if (test.Message("value") is { } v) expected = ToValue(v);
            else if (test.Message("typed_result")?.Message("result") is { } tr) expected = ToValue(tr);
            else if (!expectError) expected = true; // simple.proto: with no result given, the expression is expected to be true.
        }
        catch (NotSupportedException e) { return "expected value not representable: " + e.Message; }
        var vars = new Dictionary<string, object>();
        try
        {
            foreach (var b in test.Messages("bindings"))
                vars[b.String("key")!] = ToValue(b.Message("value")!.Message("value") ?? throw new NotSupportedException("binding without value"));
        }
        catch (NotSupportedException e) { return "binding not representable: " + e.Message; }
        object actual;
        try
        {
            actual = CelProgram.Compile(expr, test.Scalar("disable_check") is not "true", CelEnvironment.CelGoExtended).Evaluate(vars);
        }
        catch (CelParseException e) { return expectError ? null : "parse error: " + e.Message; }
        catch (CelEvalException e) { return expectError ? null : "eval error: " + e.Message; }
        catch (Exception e) { return $"crash: {e.GetType().Name}: {e.Message}"; }
        if (expectError) return $"expected an error, got {Show(actual)}";
        return StrictEqual(expected!, actual) ? null : $"expected {Show(expected!)}, got {Show(actual)}";
    }

    private static string Show(object v) => v switch
    {
        IReadOnlyList<object> l => "[" + string.Join(", ", l.Select(Show)) + "]",
        CelMap m => "{" + string.Join(", ", m.Keys.Select(k => Show(k) + ": " + (m.TryGet(k, out var x) ? Show(x) : "?"))) + "}",
        string s => "\"" + s + "\"",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "(double)",
        ulong u => u + "u",
        _ => v.ToString() ?? "?",
    };

    // Same CEL type all the way down (1 and 1u differ here, unlike CEL's ==); NaN equals NaN.
    private static bool StrictEqual(object e, object a)
    {
        switch (e)
        {
            case double de when a is double da: return de.Equals(da);
            case IReadOnlyList<object> le when a is IReadOnlyList<object> la:
                return le.Count == la.Count && le.Zip(la).All(p => StrictEqual(p.First, p.Second));
            case CelMap me when a is CelMap ma:
                return me.Count == ma.Count && me.Keys.All(k => ma.TryGet(k, out var av) && me.TryGet(k, out var ev) && StrictEqual(ev, av));
            default:
                return e.GetType() == a.GetType() && e.Equals(a) || (e is CelType te && a is CelType ta && te.Name == ta.Name);
        }
    }

    /// <summary>cel.expr.Value in text form → the engine's value.</summary>
    internal static object ToValue(TextMessage v)
    {
        var (name, raw) = v.Fields.Count == 1 ? v.Fields[0] : throw new NotSupportedException("value with " + v.Fields.Count + " fields");
        string Text() => raw as string ?? Encoding.UTF8.GetString((byte[])raw);
        return name switch
        {
            "int64_value" => long.Parse(Text(), CultureInfo.InvariantCulture),
            "uint64_value" => ulong.Parse(Text(), CultureInfo.InvariantCulture),
            "double_value" => Text().ToLowerInvariant() switch
            {
                "inf" or "infinity" => double.PositiveInfinity,
                "-inf" or "-infinity" => double.NegativeInfinity,
                "nan" => double.NaN,
                var t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture),
            },
            "string_value" => Encoding.UTF8.GetString((byte[])raw),
            "bytes_value" => new CelBytes((byte[])raw),
            "bool_value" => Text() == "true",
            "null_value" => CelNull.Value,
            "type_value" => new CelType(Text()),
            "list_value" => ((TextMessage)raw).Messages("values").Select(ToValue).ToList(),
            "map_value" => ToMap((TextMessage)raw),
            _ => throw new NotSupportedException(name),
        };
    }

    private static DictMap ToMap(TextMessage m)
    {
        var map = new DictMap();
        foreach (var e in m.Messages("entries")) map.TryAdd(ToValue(e.Message("key")!), ToValue(e.Message("value")!));
        return map;
    }

    internal static readonly Lazy<string> ConformanceDir = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, "shared", "conformance", "cel-spec");
            if (Directory.Exists(p)) return p;
        }
        throw new DirectoryNotFoundException("conformance fixtures missing: no shared/conformance/cel-spec above " + AppContext.BaseDirectory);
    });

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
