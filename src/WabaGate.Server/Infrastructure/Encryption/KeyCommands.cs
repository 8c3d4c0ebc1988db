using WabaGate.Server.Infrastructure.Cli;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary><c>keys rotate-master</c>: re-wraps every organization's data keys under <c>WabaGate:MasterKey</c>.</summary>
internal sealed class RotateMasterKeyCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["keys", "rotate-master"];

    public string Usage => "keys rotate-master";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var result = await services.GetRequiredService<IDataKeyManager>().RewrapAllAsync(ct);
        await output.WriteLineAsync(
            $"Re-wrapped {result.RewrappedKeys} data key(s) of {result.Organizations} organization(s) under master key {result.MasterKeyId}. "
            + "WabaGate:PreviousMasterKeys can now be removed.");
        return CliExitCodes.Ok;
    }
}

/// <summary><c>keys rotate-org --org &lt;id&gt;</c>: a new data-key version for new writes of one organization.</summary>
internal sealed class RotateOrganizationKeyCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["keys", "rotate-org"];

    public string Usage => "keys rotate-org --org ORGANIZATION_ID";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        if (!Guid.TryParse(CliArguments.Parse(args).Get("org"), out var orgId))
        {
            await output.WriteLineAsync("Usage: wabagate " + Usage);
            return CliExitCodes.Usage;
        }

        var version = await services.GetRequiredService<IDataKeyManager>().RotateOrganizationKeyAsync(orgId, ct);
        await output.WriteLineAsync($"Organization {orgId} now encrypts with data key version {version}.");
        return CliExitCodes.Ok;
    }
}
