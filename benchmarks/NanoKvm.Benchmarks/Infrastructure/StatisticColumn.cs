using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>A custom column computed from the measured statistics of each case (never from constants).</summary>
public sealed class StatisticColumn : IColumn
{
    private readonly Func<Statistics, BenchmarkCase, double?> _value;
    private readonly string _format;

    /// <param name="name">Column header.</param>
    /// <param name="legend">What it means.</param>
    /// <param name="value">The value from the case's statistics (nanoseconds per operation) and the case; null for NA.</param>
    /// <param name="format">A .NET numeric format string for the value.</param>
    public StatisticColumn(string name, string legend, Func<Statistics, BenchmarkCase, double?> value, string format = "N0")
    {
        ColumnName = name;
        Legend = legend;
        _value = value;
        _format = format;
    }

    /// <inheritdoc/>
    public string Id => nameof(StatisticColumn) + "." + ColumnName;

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

    /// <summary>The value of a parameter of the case, or <paramref name="fallback"/>.</summary>
    public static T Parameter<T>(BenchmarkCase benchmarkCase, string name, T fallback)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        return benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value is T value ? value : fallback;
    }

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        var value = statistics is null ? null : _value(statistics, benchmarkCase);
        return value is { } v && double.IsFinite(v) ? v.ToString(_format, CultureInfo.InvariantCulture) : "NA";
    }
}
