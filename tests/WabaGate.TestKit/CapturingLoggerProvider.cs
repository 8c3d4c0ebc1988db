using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace WabaGate.TestKit;

/// <summary>Captures every log entry at every level: category, message, structured state, scopes and exception text.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => entries;

    public string AllText => string.Join('\n', entries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    text.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            owner.scopes.ForEachScope((scope, builder) =>
            {
                builder.Append(" => ").Append(scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        builder.Append(' ').Append(key).Append('=').Append(value);
                    }
                }
            }, text);
            if (exception is not null)
            {
                text.Append('\n').Append(exception);
            }

            owner.entries.Enqueue(text.ToString());
        }
    }
}
