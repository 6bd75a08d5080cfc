using Stockade.Cli;

return await CommandLine.RunAsync(args, Console.In, Console.OpenStandardInput, Console.OpenStandardOutput(), Console.Error, !Console.IsOutputRedirected);
