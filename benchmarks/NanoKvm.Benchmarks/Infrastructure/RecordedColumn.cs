namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>
/// Columns computed from the samples a suite recorded itself (<see cref="RecordedSamples"/>), never from constants.
/// Only the samples of the measured iterations count: BenchmarkDotNet runs those last, so a column takes the last N
/// samples of each metric, N being the case's measured iteration count (jitting and warm-up runs come before).
/// </summary>
public static class RecordedColumn
{
    /// <param name="name">Column header.</param>
    /// <param name="legend">What it means.</param>
    /// <param name="caseKey">The key the suite recorded the case's samples under (from its parameters).</param>
    /// <param name="value">The value for a case, given the measured samples of any metric; null or NaN for NA.</param>
    /// <param name="format">A .NET numeric format string for the value.</param>
    /// <returns>A column that shows NA for a case without measured iterations.</returns>
    public static StatisticColumn Create(
        string name,
        string legend,
        Func<BenchmarkDotNet.Running.BenchmarkCase, string> caseKey,
        Func<BenchmarkDotNet.Running.BenchmarkCase, Func<string, IReadOnlyList<double>>, double?> value,
        string format = "0.0")
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        ArgumentNullException.ThrowIfNull(value);
        return new StatisticColumn(name, legend, (statistics, benchmarkCase) =>
        {
            var measured = statistics.N;
            if (measured == 0)
            {
                return null;
            }

            var key = caseKey(benchmarkCase);
            IReadOnlyList<double> Measured(string metric)
            {
                var all = RecordedSamples.Get(key, metric);
                return all.Count > measured ? [.. all.Skip(all.Count - measured)] : all;
            }

            return value(benchmarkCase, Measured);
        }, format);
    }
}
