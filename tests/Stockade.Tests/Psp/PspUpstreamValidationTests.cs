using static Stockade.Tests.Psp.PspTestKit;

namespace Stockade.Tests.Psp;

/// <summary>
/// Cases of upstream's pkg/apis/policy/validation/validation_test.go (TestValidatePodSecurityPolicy,
/// release-1.24) whose messages Stockade had rebuilt differently, with the error as field.ErrorList prints it.
/// </summary>
public class PspUpstreamValidationTests
{
    [Theory]
    // "invalid runAsGroup rule" / the empty rule of a written strategy: upstream's switch lists its rules unsorted.
    [InlineData("runAsGroup:\n  rule: bad", "spec.runAsGroup.rule: Unsupported value: \"bad\": supported values: \"MustRunAs\", \"RunAsAny\", \"MayRunAs\"")]
    [InlineData("runAsGroup: {}", "spec.runAsGroup.rule: Unsupported value: \"\": supported values: \"MustRunAs\", \"RunAsAny\", \"MayRunAs\"")]
    // "RunAsAny with ranges" and "MustRunAs/MayRunAs without ranges" are rejected by validation itself.
    [InlineData("runAsGroup:\n  rule: RunAsAny\n  ranges: [{min: 1, max: 2}]", "spec.runAsGroup.ranges: Invalid value: []policy.IDRange{policy.IDRange{Min:1, Max:2}}: Ranges must be empty")]
    [InlineData("runAsGroup:\n  rule: MustRunAs", "spec.runAsGroup.ranges: Invalid value: []policy.IDRange(nil): must provide at least one range")]
    [InlineData("runAsGroup:\n  rule: MayRunAs", "spec.runAsGroup.ranges: Invalid value: []policy.IDRange(nil): must provide at least one range")]
    // "required capabilities must be empty when all capabilities are allowed by a wildcard": a path without spec., a typed slice.
    [InlineData("allowedCapabilities: ['*']\nrequiredDropCapabilities: [NET_RAW]", "requiredDropCapabilities: Invalid value: []core.Capability{\"NET_RAW\"}: must be empty when all capabilities are allowed by a wildcard")]
    [InlineData("allowedCapabilities: [FOO]\nrequiredDropCapabilities: [FOO]", "allowedCapabilities: Invalid value: \"FOO\": capability is listed in allowedCapabilities and requiredDropCapabilities")]
    public void Validation_errors_are_worded_as_the_1_24_api_server_worded_them(string spec, string message)
    {
        var e = Assert.Single(Errors(Policy(spec)));
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absent_runAsGroup_strategy_is_valid()
    {
        Assert.Empty(Errors(Policy("privileged: false")));
    }
}
