using Microsoft.Extensions.Logging;

namespace Snoop.Benchmarks.Infrastructure;

/// <summary>
/// A logger that is enabled for everything and formats every message (so the cost of building the log entry
/// is paid, as with a real provider), then drops it instead of doing I/O.
/// </summary>
public sealed class DiscardLoggerProvider : ILoggerProvider
{
    private static long s_characters;

    /// <summary>Characters formatted so far (read so that the formatting is not optimized away).</summary>
    public static long Characters => Interlocked.Read(ref s_characters);

    public ILogger CreateLogger(string categoryName) => DiscardLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class DiscardLogger : ILogger
    {
        public static readonly DiscardLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            Interlocked.Add(ref s_characters, message.Length);
        }
    }
}
