using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NanoKvm.Benchmarks.Mjpeg;

/// <summary>
/// Stream bytes per second through a parser: the multipart bytes of one frame (JPEG + part header + CRLF, averaged
/// over the recording) divided by the measured mean time per frame. Computed from this run's measurement.
/// </summary>
public sealed class MjpegThroughputColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(MjpegThroughputColumn);

    /// <inheritdoc/>
    public string ColumnName => "Throughput";

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
    public string Legend => "Stream bytes parsed per second (multipart bytes per frame / mean time per frame)";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var meanNs = report?.ResultStatistics?.Mean;
        if (meanNs is null or <= 0)
        {
            return "NA";
        }

        var contentLength = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(MjpegParsingBenchmarks.ContentLength))?.Value is true;
        var bytesPerFrame = (double)MjpegRecording.Get().Multipart(contentLength).Length / MjpegRecording.FrameCount;
        var bytesPerSecond = bytesPerFrame / meanNs.Value * 1e9;
        return bytesPerSecond >= 1e9
            ? (bytesPerSecond / 1e9).ToString("0.00 'GB/s'", CultureInfo.InvariantCulture)
            : (bytesPerSecond / 1e6).ToString("0 'MB/s'", CultureInfo.InvariantCulture);
    }
}
