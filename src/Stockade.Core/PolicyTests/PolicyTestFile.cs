namespace Stockade.PolicyTests;

/// <summary>
/// One <c>stockade test</c> file (<c>apiVersion: stockade.dev/v1alpha1</c>, <c>kind: StockadeTest</c>):
/// the policy files and profile to run, the resource files to run them on, and the expected result of
/// each case. Paths are as written, relative to the test file's folder; the host resolves them.
/// </summary>
internal sealed record PolicyTestFile
{
    public const string ApiVersion = "stockade.dev/v1alpha1";
    public const string Kind = "StockadeTest";

    /// <summary>The usual name of a test file; <c>stockade test FOLDER</c> runs every file of this name (or <c>.yml</c>) under it.</summary>
    public const string FileName = "stockade-test.yaml";

    public required string File { get; init; }
    public string? Name { get; init; }

    /// <summary>Policy files, as for <c>scan --policy</c>: ValidatingAdmissionPolicies, bindings, params, PodSecurityPolicies.</summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>A <c>.stockade.yaml</c> whose <c>customRules:</c> (and rule settings, exemptions) the run uses; none when not written.</summary>
    internal string? Config { get; init; }

    /// <summary>The built-in profile to run with the policies; <c>none</c> (only the policies) when not written.</summary>
    public string? Profile { get; init; }

    public required IReadOnlyList<string> Resources { get; init; }
    public required IReadOnlyList<PolicyTestCase> Cases { get; init; }
}

/// <summary>The expected result for one resource; written in a <c>results:</c> entry that may name several.</summary>
internal sealed record PolicyTestCase
{
    /// <summary>The resource as written: <c>NAME</c>, <c>KIND/NAME</c> or <c>KIND/NAMESPACE/NAME</c>.</summary>
    public required string Resource { get; init; }
    public string? ResourceKind { get; init; }
    public string? ResourceNamespace { get; init; }
    public required string ResourceName { get; init; }

    /// <summary>The rule the case is about (<c>vap:POLICY</c> for a policy, <c>custom:ID</c> for a custom rule, or a built-in id); every rule when null.</summary>
    public string? Rule { get; init; }

    public required bool ExpectFail { get; init; }

    /// <summary>Text a finding's message must contain (a failing case only).</summary>
    public string? Message { get; init; }

    public required int Line { get; init; }
    public required int Column { get; init; }

    /// <summary>What the case is, for the report: <c>Deployment/web</c>, <c>Deployment/web vap:required-labels</c>.</summary>
    public string Title => Rule == null ? Resource : $"{Resource} {Rule}";
}

/// <summary>A test file that cannot be used: <see cref="Where"/> is its file, or file:line:column.</summary>
internal sealed class PolicyTestFileException(string where, string problem) : Exception($"{where}: {problem}")
{
    public string Where { get; } = where;
    public string Problem { get; } = problem;
}
