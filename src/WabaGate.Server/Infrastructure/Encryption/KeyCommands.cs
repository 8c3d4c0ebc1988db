using WabaGate.Server.Infrastructure.Cli;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary><c>keys rotate-master</c>: re-wraps every organization's data keys under <c>WabaGate:MasterKey</c>.</summary>
internal sealed class RotateMasterKeyCommand : ICliCommand
{
    public string[] Path { get; } = ["keys", "rotate-master"];

    public async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var result = await services.GetRequiredService<IDataKeyManager>().RewrapAllAsync();
        await Console.Out.WriteLineAsync(
            $"Re-wrapped {result.RewrappedKeys} data key(s) of {result.Organizations} organization(s) under master key {result.MasterKeyId}. "
            + "WabaGate:PreviousMasterKeys can now be removed.");
        return 0;
    }
}

/// <summary><c>keys rotate-org --org &lt;id&gt;</c>: a new data-key version for new writes of one organization.</summary>
internal sealed class RotateOrganizationKeyCommand : ICliCommand
{
    public string[] Path { get; } = ["keys", "rotate-org"];

    public async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var index = Array.FindIndex(args, a => a.Equals("--org", StringComparison.OrdinalIgnoreCase));
        var value = index >= 0 && index + 1 < args.Length
            ? args[index + 1]
            : args.FirstOrDefault(a => a.StartsWith("--org=", StringComparison.OrdinalIgnoreCase))?["--org=".Length..];
        if (!Guid.TryParse(value, out var orgId))
        {
            await Console.Error.WriteLineAsync("Usage: keys rotate-org --org <organization id>");
            return 2;
        }

        var version = await services.GetRequiredService<IDataKeyManager>().RotateOrganizationKeyAsync(orgId);
        await Console.Out.WriteLineAsync($"Organization {orgId} now encrypts with data key version {version}.");
        return 0;
    }
}
