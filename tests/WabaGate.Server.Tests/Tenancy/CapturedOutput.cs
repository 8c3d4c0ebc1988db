using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

/// <summary>What a gateway wrote to the operator's console and to its logs (every level, messages and state).</summary>
internal sealed class CapturedOutput
{
    private readonly CapturingLoggerProvider logs = new();

    public StringWriter Console { get; } = new();

    public string Logs => logs.AllText;

    public static CapturedOutput AttachTo(GatewayFactory gateway)
    {
        var captured = new CapturedOutput();
        gateway.ConfigureServices = services =>
        {
            services.AddSingleton(new ConsoleOutput(TextWriter.Synchronized(captured.Console)));
            services.AddSingleton<ILoggerProvider>(captured.logs);
        };
        return captured;
    }
}
