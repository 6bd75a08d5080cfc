using Stockade.Bench;

// Speed benchmark for `stockade scan`; see bench/run.sh and docs/benchmarks.md.
try
{
    return args.FirstOrDefault() switch
    {
        "corpus" => CorpusCommand.Run(new BenchArgs(args[1..])),
        "parse" => ParseCommand.Run(new BenchArgs(args[1..])),
        "scan" => ScanCommand.Run(new BenchArgs(args[1..])),
        "breakdown" => BreakdownCommand.Run(new BenchArgs(args[1..])),
        "allocations" => AllocationsCommand.Run(new BenchArgs(args[1..])),
        "cel" => CelCommand.Run(new BenchArgs(args[1..])),
        "vap" => VapCommand.Run(new BenchArgs(args[1..])),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("stockade-bench: " + e.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: stockade-bench corpus OUT_DIR [--objects 100000] [--files 1000] [--seed 42]
               stockade-bench parse FILE|DIR [--jobs 1] [--cold 1] [--yaml-pool-retained N]
               stockade-bench scan FILE|DIR [--jobs 1] [--yaml-pool-retained N]
               stockade-bench breakdown FILE
               stockade-bench allocations FILE|DIR [--top 30] [--report text|none] [--of scan|parse]
               stockade-bench cel POD.json [--iterations 200000]
               stockade-bench vap FILE|DIR [--policy bench/cel/policies20.yaml] [--rounds 5]
        """);
    return 2;
}
