using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

/// <summary>What a gateway wrote to the operator's console and to its logs (every level, messages and state).</summary>
internal sealed class CapturedOutput : ILoggerProvider
{
    private readonly ConcurrentQueue<string> logs = new();

    public StringWriter Console { get; } = new();

    public string Logs => string.Join('\n', logs);

    public static CapturedOutput AttachTo(GatewayFactory gateway)
    {
        var captured = new CapturedOutput();
        gateway.ConfigureServices = services =>
        {
            services.AddSingleton(new ConsoleOutput(TextWriter.Synchronized(captured.Console)));
            services.AddSingleton<ILoggerProvider>(captured);
        };
        return captured;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedOutput owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.logs.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            owner.logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
