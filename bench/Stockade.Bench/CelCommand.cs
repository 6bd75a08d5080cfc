using System.Diagnostics;
using System.Text.Json;
using Stockade.Cel;
using Stockade.Cel.Values;

namespace Stockade.Bench;

/// <summary>Evaluations per second of typical ValidatingAdmissionPolicy expressions over one Pod in JSON.</summary>
internal static class CelCommand
{
    private static readonly string[] Expressions =
    [
        "object.spec.containers.all(c, c.image.startsWith('registry.example/'))",
        "object.spec.containers.all(c, has(c.securityContext) && c.securityContext.?allowPrivilegeEscalation.orValue(true) == false)",
        "!has(object.spec.hostNetwork) || object.spec.hostNetwork == false",
        "object.metadata.?labels.?app.orValue('') != '' && object.metadata.name.matches('^[a-z0-9-]+$')",
    ];

    public static int Run(BenchArgs args)
    {
        var json = JsonDocument.Parse(File.ReadAllText(args.Path!)).RootElement;
        var iterations = args.Int("--iterations", 200_000);
        var vars = new Dictionary<string, object> { ["object"] = CelJson.FromElement(json) };
        foreach (var expr in Expressions)
        {
            var program = CelProgram.Compile(expr);
            for (var i = 0; i < 10_000; i++) program.Evaluate(vars);
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++) program.Evaluate(vars);
            sw.Stop();
            Console.WriteLine($"{iterations / sw.Elapsed.TotalSeconds,12:N0} evals/s  {expr}");
        }
        return 0;
    }
}
