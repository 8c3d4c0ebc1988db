using WabaGate.Bench;

// dotnet run --project bench/WabaGate.Bench -c Release -- <scenario> [options]
var scenarios = new Dictionary<string, Func<BenchArgs, Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["sends"] = SendsScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var scenario))
{
    Console.Error.WriteLine($"usage: WabaGate.Bench <{string.Join('|', scenarios.Keys)}> [--option value …]");
    return 2;
}

return await scenario(BenchArgs.Parse(args[1..]));
