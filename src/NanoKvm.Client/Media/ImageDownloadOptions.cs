namespace NanoKvm.Client.Media;

/// <summary>Settings for one image download.</summary>
public sealed class ImageDownloadOptions
{
    /// <summary>
    /// Expected SHA-256 of the file (64 hex digits). The device verifies it and reports
    /// <see cref="ImageDownloadState.ChecksumFailed"/> on a mismatch. Needs firmware 2.5.0 or later.
    /// </summary>
    public string? Sha256 { get; set; }

    /// <summary>How often to read the device's status; default 2.5 s (what the web UI does, and how often the device updates it).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// Whether cancelling the caller's token also cancels the transfer on the device (2.5.0+; default true). Older
    /// firmware cannot cancel: the device keeps downloading and the image appears later.
    /// </summary>
    public bool CancelOnDevice { get; set; } = true;

    internal void Validate()
    {
        if (Sha256 is not null && (Sha256.Length != 64 || !Sha256.All(char.IsAsciiHexDigit)))
        {
            throw new ArgumentException("Sha256 must be 64 hex digits (a SHA-256 sum).", nameof(Sha256));
        }

        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The poll interval must be positive and at most one minute.");
        }
    }
}
