using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Snoop.Tests.Soak;

/// <summary>
/// Keeps the server's warnings and errors that carry an exception: what Kestrel catches by itself (a failing
/// OnStarting/OnCompleted callback, a broken connection) never reaches the soak's middleware.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, Exception Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && IsEnabled(logLevel))
            {
                owner.Entries.Enqueue((category, logLevel, exception));
            }
        }
    }
}
