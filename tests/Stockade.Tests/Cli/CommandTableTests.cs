using Stockade.Cli;

namespace Stockade.Tests.Cli;

/// <summary>
/// The root dispatches by each command's word and builds only the invoked command's definition, so
/// the word in the table must be the definition's own name.
/// </summary>
public class CommandTableTests
{
    [Fact]
    public void Every_command_word_is_its_definitions_name_and_unique()
    {
        Assert.All(CommandLine.Commands, c => Assert.Equal(c.Name, c.Spec.Name));
        Assert.Equal(CommandLine.Commands.Count, CommandLine.Commands.Select(c => c.Name).Distinct().Count());
    }
}
