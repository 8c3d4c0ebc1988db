using WabaGate.Server.Data;

namespace WabaGate.Server.Infrastructure.Cli;

/// <summary><c>wabagate migrate</c>: brings the database schema up to date and exits (for <c>Database:MigrateOnStart=false</c> deployments).</summary>
internal sealed class MigrateCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["migrate"];

    public string Usage => "migrate                      apply pending database migrations and exit";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        if (args.Count > 0)
        {
            await output.WriteLineAsync("migrate takes no arguments.");
            return CliExitCodes.Usage;
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        await output.WriteLineAsync("Database schema is up to date.");
        return CliExitCodes.Ok;
    }
}
