namespace WabaGate.Server.Infrastructure.Cli;

/// <summary>
/// Picks the command whose path is the longest prefix of the arguments. Anything that looks like a word
/// (not an option such as <c>--urls</c>, not a <c>key=value</c> setting) is a command invocation: an unknown
/// one prints the usage and fails, so a typo never silently starts the web server.
/// </summary>
internal sealed class CliDispatcher(IEnumerable<ICliCommand> commands, ConsoleOutput console)
{
    private readonly IReadOnlyList<ICliCommand> commands = [.. commands.OrderBy(c => string.Join(' ', c.Path), StringComparer.Ordinal)];

    public static bool IsCommandInvocation(IReadOnlyList<string> args)
        => args.Count > 0 && args[0].Length > 0 && args[0][0] is not ('-' or '/') && !args[0].Contains('=', StringComparison.Ordinal);

    /// <summary>Runs the selected command; <see langword="null"/> when the arguments name no command at all.</summary>
    public async Task<int?> DispatchAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken ct)
    {
        if (!IsCommandInvocation(args))
        {
            return null;
        }

        var output = console.Writer;
        var command = commands
            .Where(c => c.Path.Count <= args.Count && c.Path.Select((word, i) => string.Equals(word, args[i], StringComparison.OrdinalIgnoreCase)).All(x => x))
            .MaxBy(c => c.Path.Count);
        var rest = command is null ? [] : args.Skip(command.Path.Count).ToList();
        if (command is null || rest.Any(a => a is "--help" or "-h"))
        {
            await WriteUsageAsync(output, args[0]);
            return CliExitCodes.Usage;
        }

        try
        {
            var code = await command.RunAsync(services, rest, output, ct);
            await output.FlushAsync(ct);
            return code;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            // Expected operator errors (bad configuration, missing keys) get one line; anything else keeps its stack trace.
            await output.WriteLineAsync($"{string.Join(' ', command.Path)}: {ex.Message}");
            await output.FlushAsync(ct);
            return CliExitCodes.Failed;
        }
    }

    private async Task WriteUsageAsync(TextWriter output, string group)
    {
        var matching = commands.Where(c => string.Equals(c.Path[0], group, StringComparison.OrdinalIgnoreCase)).ToList();
        await output.WriteLineAsync("Usage: wabagate <command> [options]   (no command starts the server)");
        await output.WriteLineAsync();
        foreach (var command in matching.Count > 0 ? matching : commands)
        {
            await output.WriteLineAsync("  wabagate " + command.Usage);
        }

        await output.FlushAsync();
    }
}
