namespace WabaGate.Server.Infrastructure.Cli;

/// <summary>
/// Where text meant for the operator's terminal goes: command output and the sandbox's one-time demo
/// credentials. Deliberately not <see cref="ILogger"/>: these lines may carry secrets, and logs never do.
/// Tests replace the writer to capture what an operator would see.
/// </summary>
internal sealed class ConsoleOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}
