using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Stockade.Tests.Cli;
using Xunit.Abstractions;

namespace Stockade.Tests.Audit;

/// <summary>
/// The HTML report opened in headless Chromium (Debian's <c>chromium</c>, which .ci/run installs):
/// the DOM the browser built, and a screenshot of what it drew. In CI a missing browser fails the
/// test; elsewhere the test is passed over with a message.
/// </summary>
public class HtmlInBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const int Width = 1280, Height = 1400;
    private readonly TempTree _tree = new();
    private readonly ITestOutputHelper _output;

    public HtmlInBrowserTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _tree.Dispose();

    private bool BrowserAvailable()
    {
        if (File.Exists(Chromium)) return true;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{Chromium} is missing: .ci/run must install Debian's chromium before the tests");
        _output.WriteLine($"{Chromium} is missing (apt-get install chromium); not checked in a browser");
        return false;
    }

    private string Report() => _tree.Write("report.html", HtmlReporterTests.Render(HtmlReporterTests.Hostile));

    private string Browse(params string[] args)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={_tree.PathOf("profile")}" }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish in 90 s");
        }
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    [Fact]
    public void Browser_builds_the_report_and_runs_its_script()
    {
        if (!BrowserAvailable()) return;
        var result = TestScan.Yaml(HtmlReporterTests.Hostile);
        var active = result.Findings.Count(f => !f.Suppressed);
        var dom = Browse("--dump-dom", new Uri(Report()).AbsoluteUri);

        Assert.Contains("<h1>Stockade audit report</h1>", dom);
        Assert.Equal(active, Regex.Matches(dom, "<tr class=\"finding\"").Count);
        // Set by the page's script once it ran.
        Assert.Contains($"<output id=\"shown\">{active} of {active} findings shown</output>", dom);
        Assert.Contains("privileged-container", dom);
        // The hostile names stayed text: the browser made no element of them.
        Assert.DoesNotContain("<img", dom);
        Assert.Contains("shop&lt;script&gt;alert(1)&lt;/script&gt;", dom);
    }

    [Fact]
    public void Browser_draws_the_header_and_the_severity_cards()
    {
        if (!BrowserAvailable()) return;
        var png = _tree.PathOf("report.png");
        Browse($"--window-size={Width},{Height}", $"--screenshot={png}", new Uri(Report()).AbsoluteUri);
        var image = Png.Read(File.ReadAllBytes(png));
        Assert.Equal((Width, Height), (image.Width, image.Height));
        // The header band and the critical and high cards and badges are drawn in their colours.
        Assert.True(image.Count(0x26, 0x32, 0x38) > Width * 20, "header not drawn");
        Assert.True(image.Count(0x7b, 0x1f, 0xa2) > 2000, "critical card not drawn");
        Assert.True(image.Count(0xc6, 0x28, 0x28) > 2000, "high card and badges not drawn");
    }
}

/// <summary>Just enough PNG decoding (8-bit RGB or RGBA, no interlace) to count pixels of a colour.</summary>
internal sealed class Png
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    private byte[] _pixels = [];
    private int _channels;

    public int Count(byte r, byte g, byte b)
    {
        var n = 0;
        for (var i = 0; i + 2 < _pixels.Length; i += _channels)
        {
            if (_pixels[i] == r && _pixels[i + 1] == g && _pixels[i + 2] == b) n++;
        }
        return n;
    }

    public static Png Read(byte[] file)
    {
        Assert.True(file.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), "not a PNG");
        int width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {data[9]}") };
                Assert.Equal(0, data[12]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = width * channels;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var up = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride).ToArray();
            for (var x = 0; x < stride; x++)
            {
                int left = x >= channels ? row[x - channels] : 0, above = up[x], corner = x >= channels ? up[x - channels] : 0;
                row[x] = (byte)(src[x] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => above,
                    3 => (left + above) / 2,
                    4 => Paeth(left, above, corner),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                });
            }
        }
        return new Png { Width = width, Height = height, _pixels = pixels, _channels = channels };
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
