using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Snoop.Tests.Infrastructure;

/// <summary>A logger provider that keeps every message, so a test can look for what a middleware logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public async Task<string> WaitForAsync(string fragment)
    {
        var deadline = DateTime.UtcNow + Signal.Patience;
        while (DateTime.UtcNow < deadline)
        {
            var all = string.Join("\n", _messages);
            if (all.Contains(fragment, StringComparison.Ordinal))
            {
                return all;
            }

            await Task.Delay(10);
        }

        return string.Join("\n", _messages);
    }

    private sealed class Logger(LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._messages.Enqueue(formatter(state, exception));
    }
}
