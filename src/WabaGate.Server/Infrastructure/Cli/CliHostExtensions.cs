namespace WabaGate.Server.Infrastructure.Cli;

internal static class CliHostExtensions
{
    /// <summary>Registers the dispatcher, the operator console and the built-in <c>migrate</c> command.</summary>
    public static IServiceCollection AddCli(this IServiceCollection services)
    {
        services.AddSingleton(new ConsoleOutput(Console.Out));
        services.AddSingleton<CliDispatcher>();
        services.AddCliCommand<MigrateCommand>();
        return services;
    }

    public static IServiceCollection AddCliCommand<TCommand>(this IServiceCollection services)
        where TCommand : class, ICliCommand
        => services.AddSingleton<ICliCommand, TCommand>();

    /// <summary>
    /// Runs the command named by <paramref name="args"/>, if any, and sets the process exit code.
    /// Returns <see langword="true"/> when a command ran, so the caller exits instead of serving.
    /// </summary>
    public static async Task<bool> RunCliCommandAsync(this WebApplication app, IReadOnlyList<string> args)
    {
        var dispatcher = app.Services.GetRequiredService<CliDispatcher>();
        var code = await dispatcher.DispatchAsync(app.Services, args, app.Lifetime.ApplicationStopping);
        if (code is null)
        {
            return false;
        }

        Environment.ExitCode = code.Value;
        return true;
    }
}
