using System.Collections.Concurrent;

namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>
/// Figures a benchmark measures itself inside an iteration (for example from the emulator's own timestamps), kept per
/// case and metric so <see cref="RecordedColumn"/> can show them next to BenchmarkDotNet's statistics. They live in
/// this process: with the default in-process toolchain the columns show them; with <c>--out-of-process</c> the
/// columns read NA and the suites print the same figures to the log instead.
/// </summary>
public static class RecordedSamples
{
    private static readonly ConcurrentDictionary<(string Case, string Metric), List<double>> Samples = new();

    /// <summary>Forgets every sample of a case (at the start of its run, so warm-up runs of an earlier case do not mix in).</summary>
    public static void Reset(string caseKey)
    {
        foreach (var key in Samples.Keys.Where(k => k.Case == caseKey))
        {
            Samples.TryRemove(key, out _);
        }
    }

    /// <summary>Adds one sample.</summary>
    public static void Add(string caseKey, string metric, double value)
    {
        var list = Samples.GetOrAdd((caseKey, metric), _ => []);
        lock (list)
        {
            list.Add(value);
        }
    }

    /// <summary>The samples of a case and metric, in the order they were added (empty when none).</summary>
    public static IReadOnlyList<double> Get(string caseKey, string metric)
    {
        if (!Samples.TryGetValue((caseKey, metric), out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    /// <summary>The median of a list, or NaN when it is empty.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
