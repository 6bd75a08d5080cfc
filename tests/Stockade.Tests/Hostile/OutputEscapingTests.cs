using System.Text.Json;
using System.Xml.Linq;
using Stockade.Reporting;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Hostile;

/// <summary>
/// Output that cannot be forged: names, messages and file names from a manifest never reach a
/// report as terminal escapes, line breaks or bidirectional overrides.
/// </summary>
public class OutputEscapingTests
{
    /// <summary>An ESC sequence that erases the line and prints a fake verdict, a CSI (C1), DEL, a line break and a right-to-left override.</summary>
    private const string Forged = "\u001b[2K\rno findings\u009b2K\u007f\nfake\u202eevil\u2066";

    private static string Manifest => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{JsonSerializer.Serialize("pod" + Forged)}}
          namespace: default
        spec:
          containers:
          - name: {{JsonSerializer.Serialize("app" + Forged)}}
            image: nginx
            securityContext:
              privileged: true
        """;

    /// <summary>A file whose name carries an escape too.</summary>
    private static string Write(TempTree tree) => tree.Write("x\u001b[31m.yaml", Manifest);

    /// <summary>True for any character a person's terminal or viewer would act on; line breaks between lines excepted.</summary>
    private static bool HasUnsafe(string output) => output.Split('\n').Any(l => l.Any(SafeText.IsUnsafe));

    public static TheoryData<string, string> HumanFormats => new()
    {
        { "scan", "text" },
        { "audit", "text" },
        { "scan", "html" },
        { "audit", "html" },
        { "scan", "junit" },
    };

    [Theory]
    [MemberData(nameof(HumanFormats))]
    public async Task Control_and_bidi_characters_from_a_manifest_are_shown_escaped(string command, string format)
    {
        using var tree = new TempTree();
        var file = Write(tree);
        var run = command == "scan"
            ? await CliHarness.Run("scan", "--format", format, "--verbose", file)
            : await CliHarness.Run("audit", "--format", format, "--verbose", "--from", file);
        Assert.True(run.ExitCode is 1 or 2, run.Stderr);
        Assert.False(HasUnsafe(run.Stdout), run.Stdout);
        Assert.Contains("\\u001B[2K\\u000Dno findings\\u009B2K\\u007F\\u000Afake\\u202Eevil\\u2066", run.Stdout);
        // XML 1.0 cannot carry an ESC even escaped: the report must still be well-formed.
        if (format == "junit") Assert.Contains(XDocument.Parse(run.Stdout).Root!.Descendants("testcase"), c => c.Attribute("name")!.Value.Contains("pod\\u001B[2K"));
        if (format == "text") Assert.DoesNotContain(run.Stdout.Split('\n'), l => l.StartsWith("no findings", StringComparison.Ordinal) || l.StartsWith("fake", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public async Task JSON_and_SARIF_escape_every_control_and_bidi_character_and_keep_the_text(string format)
    {
        using var tree = new TempTree();
        var file = Write(tree);
        var run = await CliHarness.Run("scan", "--format", format, file);
        Assert.Equal(1, run.ExitCode);
        Assert.False(HasUnsafe(run.Stdout), run.Stdout);
        // Escaped by the JSON encoder, so a consumer reads back exactly what the manifest said.
        var root = JsonDocument.Parse(run.Stdout).RootElement;
        var messages = format == "json"
            ? root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()!)
            : root.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("message").GetProperty("text").GetString()!);
        Assert.Contains(messages, m => m.Contains("app" + Forged, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("\u001b[2K", "\\u001B[2K")]
    [InlineData("a\u0085b\u009fc", "a\\u0085b\\u009Fc")]
    [InlineData("\u202a\u202b\u202c\u202d\u202e", "\\u202A\\u202B\\u202C\\u202D\\u202E")]
    [InlineData("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("ünïcødé \U0001F600 ok", "ünïcødé \U0001F600 ok")]
    public void Visible_text_escapes_controls_and_bidi_overrides_only(string input, string expected)
    {
        Assert.Equal(expected, SafeText.Visible(input));
    }
}
