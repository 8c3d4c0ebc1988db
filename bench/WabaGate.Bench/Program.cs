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

// The gateway's content root (appsettings, Razor pages): found by walking up from the bench's binaries to the repository.
for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
{
    var server = Path.Combine(dir.FullName, "src", "WabaGate.Server");
    if (File.Exists(Path.Combine(server, "WabaGate.Server.csproj")))
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_WABAGATE_SERVER", server);
        break;
    }
}

return await scenario(BenchArgs.Parse(args[1..]));
