namespace WabaGate.Server.Infrastructure.Cli;

internal static class CliExtensions
{
    public static IServiceCollection AddCliCommand<T>(this IServiceCollection services)
        where T : class, ICliCommand
        => services.AddSingleton<ICliCommand, T>();

    /// <summary>
    /// When the first argument is a word (not an option), runs the registered command it selects, sets the process
    /// exit code and returns <see langword="true"/>: the caller then exits instead of serving.
    /// </summary>
    public static async Task<bool> RunCliCommandAsync(this WebApplication app, string[] args)
    {
        var exitCode = await DispatchAsync(app.Services, args);
        if (exitCode is { } code)
        {
            Environment.ExitCode = code;
        }

        return exitCode is not null;
    }

    /// <summary>The exit code of the selected command, 2 for an unknown one, <see langword="null"/> when no command was asked for.</summary>
    public static async Task<int?> DispatchAsync(IServiceProvider services, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        var commands = services.GetServices<ICliCommand>().ToList();
        var command = commands
            .Where(c => c.Path.Length <= args.Length && c.Path.SequenceEqual(args.Take(c.Path.Length), StringComparer.OrdinalIgnoreCase))
            .MaxBy(c => c.Path.Length);
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"Unknown command '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))}'. Commands:");
            foreach (var known in commands.Select(c => string.Join(' ', c.Path)).Order(StringComparer.Ordinal))
            {
                await Console.Error.WriteLineAsync("  " + known);
            }

            return 2;
        }

        try
        {
            return await command.RunAsync(services, args[command.Path.Length..]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            // Expected operator errors get one line; anything else keeps its stack trace.
            await Console.Error.WriteLineAsync($"{string.Join(' ', command.Path)}: {ex.Message}");
            return 1;
        }
    }
}
