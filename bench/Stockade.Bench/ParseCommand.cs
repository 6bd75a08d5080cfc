using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stockade.Bench;

/// <summary>
/// <c>parse PATH</c>: YamlDotNet's bare <see cref="Parser"/> over the same bytes, building
/// nothing: the most any YamlDotNet-based reader can reach.
/// </summary>
public static class ParseCommand
{
    public static int Run(BenchArgs a)
    {
        var files = a.Files();
        var jobs = a.Int("--jobs", 1);
        if (a.Int("--yaml-pool-retained", 0) is var retained and > 0) YamlDotNetPool.Retain(retained);
        RunCounts Pass()
        {
            long objects = 0;
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = jobs }, file =>
            {
                var n = CountObjects(file);
                Interlocked.Add(ref objects, n);
            });
            return new RunCounts(objects);
        }
        // --cold 1: one pass and no report, so that a process timed from outside (bench/run.sh's
        // CLI rows) is the bare parser as a user would start it: runtime start-up and JIT included.
        if (a.Int("--cold", 0) > 0)
        {
            Console.WriteLine($"objects={Pass().Objects}");
            return 0;
        }
        Measurement.Report("parse", files, jobs, Pass);
        return 0;
    }

    /// <summary>Counts documents whose root is a mapping: the objects the scanner would read.</summary>
    internal static long CountObjects(string file)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var parser = new Parser(new Scanner(reader, skipComments: true));
        long objects = 0;
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart:
                    if (depth == 0) objects++;
                    depth++;
                    break;
                case SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        return objects;
    }
}
