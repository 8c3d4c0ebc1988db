namespace WabaGate.Server.Infrastructure.Cli;

/// <summary>
/// One command of the server binary (<c>wabagate admin create-org …</c>, <c>wabagate migrate</c>). Commands run
/// after migrations, inside the built application's services, and never start the web server.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The words that select the command, e.g. <c>["admin", "create-org"]</c>.</summary>
    IReadOnlyList<string> Path { get; }

    /// <summary>One usage line, e.g. <c>admin create-org --name NAME --owner-email EMAIL</c>.</summary>
    string Usage { get; }

    /// <summary>Runs with the arguments after <see cref="Path"/>; returns the process exit code.</summary>
    Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct);
}

/// <summary>Exit codes shared by every command.</summary>
internal static class CliExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
