using WabaGate.Bench;

// dotnet run -c Release --project bench/WabaGate.Bench -- <scenario> [--provider sqlite|postgres] [--key value ...]
var scenarios = new Dictionary<string, IScenario>(StringComparer.OrdinalIgnoreCase)
{
    ["webhooks"] = new WebhookScenario(),
    ["sends"] = new SendsScenario(),
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var scenario))
{
    Console.Error.WriteLine($"usage: WabaGate.Bench <{string.Join('|', scenarios.Keys)}> [--provider sqlite|postgres] [--duration seconds] ...");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await scenario.RunAsync(BenchArgs.Parse(args[1..]), cancel.Token);
