using System.Collections.Concurrent;

namespace NanoKvm.Client.Tests.Media;

/// <summary>An <see cref="IProgress{T}"/> that records reports synchronously (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class CollectingProgress<T> : IProgress<T>
{
    private readonly ConcurrentQueue<T> _reports = new();

    public IReadOnlyList<T> Reports => [.. _reports];

    public void Report(T value) => _reports.Enqueue(value);
}
