using Stockade.Cli;

return await CommandLine.RunAsync(args, new LazyConsoleInput(), Console.OpenStandardInput, Console.OpenStandardOutput(), Console.Error, !Console.IsOutputRedirected);
