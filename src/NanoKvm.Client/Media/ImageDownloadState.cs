namespace NanoKvm.Client.Media;

/// <summary>Where an image download stands.</summary>
public enum ImageDownloadState
{
    /// <summary>No transfer is running (<c>idle</c>).</summary>
    Idle,

    /// <summary>A transfer is running (<c>in_progress</c>).</summary>
    InProgress,

    /// <summary>The last transfer finished and the image is under <c>/data</c> (<c>success</c>; before 2.5.0 inferred by the SDK from the image list).</summary>
    Succeeded,

    /// <summary>The last transfer failed (<c>failed</c>; before 2.5.0 inferred by the SDK when the image did not appear).</summary>
    Failed,

    /// <summary>The downloaded file did not match the SHA-256 sum given (<c>checksum_failed</c>, 2.5.0+).</summary>
    ChecksumFailed,

    /// <summary>The transfer was cancelled on the device (it went back to <c>idle</c> without a result, 2.5.0+).</summary>
    Cancelled,

    /// <summary>The device reported a status this SDK does not know; see <see cref="ImageDownloadStatus.RawStatus"/>.</summary>
    Unknown,
}
