using System.Text;

namespace Stockade.Bench;

/// <summary>
/// <c>corpus OUT_DIR</c>: writes the same releases twice, as one big file (<c>big.yaml</c>) and
/// split over many chart files (<c>many/</c>), plus <c>small.yaml</c>, one release the size of
/// an example, for end-to-end timing of the CLI.
/// </summary>
public static class CorpusCommand
{
    private const int ObjectsPerRelease = 4;

    public static int Run(BenchArgs a)
    {
        var objects = a.Int("--objects", 100_000);
        var fileCount = a.Int("--files", 1_000);
        var seed = a.Int("--seed", 42);
        var outDir = a.Path!;
        var manyDir = Path.Combine(outDir, "many");
        if (Directory.Exists(manyDir)) Directory.Delete(manyDir, recursive: true);
        Directory.CreateDirectory(manyDir);

        var releases = (objects + ObjectsPerRelease - 1) / ObjectsPerRelease;
        var releasesPerFile = Math.Max(1, (releases + fileCount - 1) / fileCount);
        var generator = new CorpusGenerator(seed);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        long bytes = 0;
        var written = 0;
        using (var big = new StreamWriter(Path.Combine(outDir, "big.yaml"), false, utf8))
        {
            StreamWriter? chart = null;
            for (var r = 0; r < releases; r++)
            {
                if (r % releasesPerFile == 0)
                {
                    chart?.Dispose();
                    chart = new StreamWriter(Path.Combine(manyDir, $"chart-{r / releasesPerFile:D5}.yaml"), false, utf8);
                }
                var text = generator.RenderRelease(r, Math.Min(ObjectsPerRelease, objects - written));
                written += Math.Min(ObjectsPerRelease, objects - written);
                big.Write(text);
                chart!.Write(text);
                bytes += utf8.GetByteCount(text);
            }
            chart?.Dispose();
        }
        File.WriteAllText(Path.Combine(outDir, "small.yaml"), new CorpusGenerator(seed + 1).RenderRelease(0, ObjectsPerRelease), utf8);
        var files = Directory.GetFiles(manyDir).Length;
        Console.WriteLine($"corpus objects={written} files={files} mb={bytes / 1e6:F1} largest_document_bytes={generator.LargestDocumentBytes} seed={seed}");
        return 0;
    }
}
