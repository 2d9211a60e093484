using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>
/// A column computed from the samples a suite recorded itself (<see cref="RecordedSamples"/>), never from constants.
/// Only the samples of the measured iterations count: BenchmarkDotNet runs those last, so the column takes the last N
/// samples of each metric, N being the case's measured iteration count (jitting and warm-up runs come before).
/// </summary>
public sealed class RecordedColumn : IColumn
{
    private readonly Func<BenchmarkCase, string> _caseKey;
    private readonly Func<BenchmarkCase, Func<string, IReadOnlyList<double>>, double?> _value;
    private readonly string _format;

    /// <param name="name">Column header.</param>
    /// <param name="legend">What it means.</param>
    /// <param name="caseKey">The key the suite recorded the case's samples under (from its parameters).</param>
    /// <param name="value">The value for a case, given the measured samples of any metric; null or NaN for NA.</param>
    /// <param name="format">A .NET numeric format string for the value.</param>
    public RecordedColumn(
        string name,
        string legend,
        Func<BenchmarkCase, string> caseKey,
        Func<BenchmarkCase, Func<string, IReadOnlyList<double>>, double?> value,
        string format = "0.0")
    {
        ColumnName = name;
        Legend = legend;
        _caseKey = caseKey;
        _value = value;
        _format = format;
    }

    /// <inheritdoc/>
    public string Id => nameof(RecordedColumn) + "." + ColumnName;

    /// <inheritdoc/>
    public string ColumnName { get; }

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend { get; }

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var measured = summary[benchmarkCase]?.ResultStatistics?.N ?? 0;
        if (measured == 0)
        {
            return "NA";
        }

        var key = _caseKey(benchmarkCase);
        IReadOnlyList<double> Measured(string metric)
        {
            var all = RecordedSamples.Get(key, metric);
            return all.Count > measured ? [.. all.Skip(all.Count - measured)] : all;
        }

        return _value(benchmarkCase, Measured) is { } v && double.IsFinite(v) ? v.ToString(_format, CultureInfo.InvariantCulture) : "NA";
    }
}
