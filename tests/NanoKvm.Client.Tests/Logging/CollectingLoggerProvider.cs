using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NanoKvm.Client.Tests.Logging;

/// <summary>A logger provider that keeps every entry: level, category, formatted message, state values, exception.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record LogEntry(LogLevel Level, string Category, string Message, IReadOnlyList<string> StateValues, string? Exception)
    {
        /// <summary>Everything a sink could write for this entry.</summary>
        public string AllText => string.Join('\n', [Category, Message, .. StateValues, Exception ?? string.Empty]);
    }

    private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => $"{p.Key}={p.Value}").ToList()
                : [state?.ToString() ?? string.Empty];
            owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
