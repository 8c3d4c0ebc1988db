namespace WabaGate.Server.Infrastructure.Cli;

/// <summary>
/// An operator command run as <c>WabaGate.Server &lt;path...&gt; [args]</c> instead of serving HTTP, e.g.
/// <c>keys rotate-master</c>. Registered with <see cref="CliExtensions.AddCliCommand{T}"/>.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The words that select the command, e.g. <c>["keys", "rotate-master"]</c>.</summary>
    string[] Path { get; }

    /// <summary>Runs with the application's root services and the arguments after the path; returns the exit code.</summary>
    Task<int> RunAsync(IServiceProvider services, string[] args);
}
