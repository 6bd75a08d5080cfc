using System.Text.Json;
using Stockade.Reporting;
using static Stockade.Tests.Reporting.ReportFixtures;

namespace Stockade.Tests.Reporting;

/// <summary>The documented JSON contract: fields are only ever added, so these must keep passing.</summary>
public class JsonReporterTests
{
    private static JsonElement Json(Engine.ScanResult result) =>
        JsonDocument.Parse(Render(new JsonReporter(), result, new ReportOptions { ToolVersion = "9.8.7" })).RootElement.Clone();

    [Fact]
    public void Contract_fields_are_present_with_their_types()
    {
        var config = ConfigFrom("""
            exemptions:
              - rules: [privileged-container, privilege-escalation-allowed]
                name: exempted
                reason: node agent
            """);
        var json = Json(Scan([("a.yaml", PrivilegedPod("p") + "\n---\n" + PrivilegedPod("exempted")), ("bad.yaml", "a: [\n")], config));

        Assert.Equal("stockade", json.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("9.8.7", json.GetProperty("tool").GetProperty("version").GetString());
        Assert.Equal("hardened", json.GetProperty("profile").GetString());

        var objects = json.GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(2, objects.Count);
        Assert.Equal(["fail", "pass"], objects.Select(o => o.GetProperty("verdict").GetString()));
        Assert.Equal("a.yaml", objects[0].GetProperty("file").GetString());
        Assert.Equal(1, objects[0].GetProperty("line").GetInt32());
        Assert.Equal(("v1", "Pod", "shop", "p"), (objects[0].GetProperty("apiVersion").GetString(), objects[0].GetProperty("kind").GetString(), objects[0].GetProperty("namespace").GetString(), objects[0].GetProperty("name").GetString()));

        var findings = json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "privileged-container").ToList();
        Assert.Equal(2, findings.Count);
        var active = findings[0];
        Assert.Equal("critical", active.GetProperty("severity").GetString());
        Assert.Contains("runs privileged", active.GetProperty("message").GetString());
        Assert.Equal("a.yaml", active.GetProperty("file").GetString());
        Assert.Equal(12, active.GetProperty("line").GetInt32());
        Assert.Equal(7, active.GetProperty("column").GetInt32());
        Assert.Equal("spec.containers[0].securityContext.privileged", active.GetProperty("path").GetString());
        Assert.Equal("app", active.GetProperty("container").GetString());
        Assert.Equal("p", active.GetProperty("object").GetProperty("name").GetString());
        Assert.Equal("Pod", active.GetProperty("object").GetProperty("kind").GetString());
        Assert.False(active.GetProperty("suppressed").GetBoolean());
        Assert.False(active.TryGetProperty("suppressionReason", out _));

        var suppressed = findings[1];
        Assert.True(suppressed.GetProperty("suppressed").GetBoolean());
        Assert.StartsWith("node agent (.stockade.yaml:", suppressed.GetProperty("suppressionReason").GetString());

        var error = Assert.Single(json.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("bad.yaml", error.GetProperty("file").GetString());
        Assert.True(error.GetProperty("line").GetInt32() > 0);
        Assert.True(error.TryGetProperty("column", out _));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.Array, json.GetProperty("notes").ValueKind);

        var summary = json.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("files").GetInt32());
        Assert.Equal(2, summary.GetProperty("objects").GetInt32());
        Assert.Equal(1, summary.GetProperty("passed").GetInt32());
        Assert.Equal(1, summary.GetProperty("failed").GetInt32());
        Assert.Equal(2, summary.GetProperty("suppressed").GetInt32());
        Assert.Equal(1, summary.GetProperty("errors").GetInt32());
        Assert.Equal(summary.GetProperty("findings").GetInt32(), json.GetProperty("findings").EnumerateArray().Count(f => !f.GetProperty("suppressed").GetBoolean()));
        Assert.True(summary.GetProperty("bySeverity").GetProperty("critical").GetInt32() >= 1);
        Assert.Equal("high", summary.GetProperty("failOn").GetString());
        Assert.Equal(2, summary.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void A_finding_with_no_container_has_null_container()
    {
        var pod = PrivilegedPod().Replace("  namespace: shop", "  namespace: shop\n  namespace: other");
        var json = Json(Scan([("a.yaml", pod)]));
        var duplicate = json.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "duplicate-key");
        Assert.Equal(JsonValueKind.Null, duplicate.GetProperty("container").ValueKind);
    }
}
