namespace Stockade.Cli;

/// <summary>
/// Standard input as text, opened on first read: <see cref="Console.In"/> sets up the terminal
/// (terminfo, signal handlers) when stdin is one, work a run that never reads it should not pay at start-up.
/// </summary>
internal sealed class LazyConsoleInput : TextReader
{
    private TextReader In => Console.In;

    public override int Peek() => In.Peek();

    public override int Read() => In.Read();

    public override int Read(char[] buffer, int index, int count) => In.Read(buffer, index, count);

    public override string? ReadLine() => In.ReadLine();

    public override string ReadToEnd() => In.ReadToEnd();
}
