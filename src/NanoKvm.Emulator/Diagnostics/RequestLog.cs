using System.Collections.Concurrent;

namespace NanoKvm.Emulator.Diagnostics;

/// <summary>Every request the emulator received, in arrival order. Tests use it to prove a call was (not) sent.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> _entries = new();

    /// <summary>All requests so far.</summary>
    public IReadOnlyList<RecordedRequest> Entries => [.. _entries];

    /// <summary>Number of requests whose path starts with <paramref name="pathPrefix"/> (all when null).</summary>
    public int Count(string? pathPrefix = null, string? method = null) =>
        _entries.Count(e => (pathPrefix is null || e.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            && (method is null || e.Method.Equals(method, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Forgets what was recorded.</summary>
    public void Clear() => _entries.Clear();

    internal void Add(RecordedRequest request) => _entries.Enqueue(request);
}

/// <summary>One received request.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without query.</param>
/// <param name="Query">Query string including '?', or empty.</param>
/// <param name="HadSessionCookie">Whether a <c>nano-kvm-token</c> cookie came with it.</param>
/// <param name="Origin">The Origin header, if any.</param>
/// <param name="At">Arrival time.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, bool HadSessionCookie, string? Origin, DateTimeOffset At)
{
    /// <summary>Every request header as received (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
