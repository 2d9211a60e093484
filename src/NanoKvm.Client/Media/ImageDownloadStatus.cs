using System.Globalization;

namespace NanoKvm.Client.Media;

/// <summary>One reading of the device's image download status (<c>GET /api/download/image/status</c>).</summary>
public sealed class ImageDownloadStatus
{
    /// <summary>Creates a status reading.</summary>
    /// <param name="state">The state.</param>
    /// <param name="rawStatus">The device's status text, e.g. <c>in_progress</c>.</param>
    /// <param name="file">The URL being downloaded (empty when idle or finished).</param>
    /// <param name="percentageText">The device's progress text, e.g. <c>12.34%</c>, or empty.</param>
    public ImageDownloadStatus(ImageDownloadState state, string rawStatus, string file, string percentageText)
    {
        State = state;
        RawStatus = rawStatus ?? string.Empty;
        File = file ?? string.Empty;
        PercentageText = percentageText ?? string.Empty;
        Percentage = double.TryParse(
            PercentageText.TrimEnd('%').Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    /// <summary>The state.</summary>
    public ImageDownloadState State { get; }

    /// <summary>The status text as the device sent it (synthesized states keep the device's last text).</summary>
    public string RawStatus { get; }

    /// <summary>The URL being downloaded; empty when no transfer runs.</summary>
    public string File { get; }

    /// <summary>Progress as the device formats it, e.g. <c>12.34%</c>; empty before the first progress report.</summary>
    public string PercentageText { get; }

    /// <summary>Progress in percent (0–100), or null when the device has not reported any.</summary>
    public double? Percentage { get; }

    /// <summary>True when the transfer is over (succeeded, failed, checksum failed or cancelled).</summary>
    public bool IsFinished => State is ImageDownloadState.Succeeded or ImageDownloadState.Failed
        or ImageDownloadState.ChecksumFailed or ImageDownloadState.Cancelled;

    /// <inheritdoc />
    public override string ToString() =>
        PercentageText.Length == 0 ? State.ToString() : string.Create(CultureInfo.InvariantCulture, $"{State} {PercentageText}");

    internal static ImageDownloadState ParseState(string status) => status switch
    {
        "idle" => ImageDownloadState.Idle,
        "in_progress" => ImageDownloadState.InProgress,
        "success" => ImageDownloadState.Succeeded,
        "failed" => ImageDownloadState.Failed,
        "checksum_failed" => ImageDownloadState.ChecksumFailed,
        _ => ImageDownloadState.Unknown,
    };

    internal ImageDownloadStatus With(ImageDownloadState state) => new(state, RawStatus, File, PercentageText);
}
