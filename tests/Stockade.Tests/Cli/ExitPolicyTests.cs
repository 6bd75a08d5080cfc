using Stockade.Cli;
using Stockade.Config;
using Stockade.Engine;

namespace Stockade.Tests.Cli;

/// <summary>The one exit-code policy (Engine/Verdicts) and the CLI's names for its outcomes.</summary>
public class ExitPolicyTests
{
    [Theory]
    [InlineData(false, false, ExitCodes.Ok)]
    [InlineData(false, true, ExitCodes.Findings)]
    [InlineData(true, false, ExitCodes.Error)]
    [InlineData(true, true, ExitCodes.Error)]
    public void An_error_outranks_failures_and_each_outcome_is_its_documented_code(bool anyError, bool anyFailing, int code)
    {
        Assert.Equal(code, ExitCodes.Of(Verdicts.Outcome(anyError, anyFailing)));
    }

    [Fact]
    public void The_documented_codes_are_0_1_and_2()
    {
        Assert.Equal([0, 1, 2], new[] { ExitCodes.Ok, ExitCodes.Findings, ExitCodes.Error });
    }

    [Fact]
    public void Without_fail_on_the_threshold_is_high_and_fail_on_none_fails_nothing()
    {
        Assert.Equal(Severity.High, Verdicts.FailOn(StockadeConfig.Default));
        Assert.Equal(Severity.Low, Verdicts.FailOn(new StockadeConfig { FailOn = Severity.Low }));
        Assert.Null(Verdicts.FailOn(new StockadeConfig { FailOnNone = true }));
    }
}
