using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Media;

// Image downloads: the device fetches a URL into /data by itself; the client starts it and polls the status.
public partial class MediaClient
{
    private const string DownloadPath = "/api/download/image";

    /// <summary>
    /// Has the device download an image from a URL into <c>/data</c> and waits until the transfer ends, reporting each
    /// status reading to <paramref name="progress"/>. The file is saved as <c>/data/&lt;last segment of the URL path&gt;</c>.
    /// </summary>
    /// <param name="url">Absolute http or https URL of the image.</param>
    /// <param name="options">SHA-256 to verify (2.5.0+), poll interval, cancellation behaviour; defaults when null.</param>
    /// <param name="progress">Receives every status reading, or null.</param>
    /// <param name="cancellationToken">
    /// Stops waiting. On 2.5.0+ it also cancels the transfer on the device (unless
    /// <see cref="ImageDownloadOptions.CancelOnDevice"/> is false); older firmware keeps downloading.
    /// </param>
    /// <returns>The final status (<see cref="ImageDownloadState.Succeeded"/>).</returns>
    /// <exception cref="ArgumentException">The URL or options are invalid.</exception>
    /// <exception cref="NanoKvmUnsupportedException">A SHA-256 was given and the firmware predates 2.5.0.</exception>
    /// <exception cref="NanoKvmBusyException">Another download (or a firmware update) is running.</exception>
    /// <exception cref="NanoKvmException">The transfer failed, failed its checksum or was cancelled on the device.</exception>
    public virtual async Task<ImageDownloadStatus> DownloadImageAsync(
        Uri url,
        ImageDownloadOptions? options = null,
        IProgress<ImageDownloadStatus>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ImageDownloadStatus? last = null;
        await foreach (var status in DownloadImageAndWatchAsync(url, options, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(status);
            last = status;
        }

        return last?.State switch
        {
            ImageDownloadState.Succeeded => last,
            ImageDownloadState.ChecksumFailed => throw new NanoKvmException(
                $"Downloading {url} finished but the file did not match the SHA-256 sum; the device discarded it.",
                DownloadPath, deviceMessage: last.RawStatus),
            ImageDownloadState.Cancelled => throw new NanoKvmException(
                $"Downloading {url} was cancelled on the device.", DownloadPath, deviceMessage: last.RawStatus),
            _ => throw new NanoKvmException(
                $"Downloading {url} failed on the device (status '{last?.RawStatus}'). Check that the device can reach the URL.",
                DownloadPath, deviceMessage: last?.RawStatus),
        };
    }

    /// <summary>
    /// Has the device download an image from a URL into <c>/data</c> and yields its status readings until the
    /// transfer ends. The last item is the outcome: <see cref="ImageDownloadState.Succeeded"/>,
    /// <see cref="ImageDownloadState.Failed"/>, <see cref="ImageDownloadState.ChecksumFailed"/> or
    /// <see cref="ImageDownloadState.Cancelled"/>; failures are items, not exceptions. Firmware before 2.5.0 only
    /// reports "idle" when a transfer ends, so the SDK then decides success by whether the image appeared in the list.
    /// </summary>
    /// <param name="url">Absolute http or https URL of the image.</param>
    /// <param name="options">SHA-256 to verify (2.5.0+), poll interval, cancellation behaviour; defaults when null.</param>
    /// <param name="cancellationToken">
    /// Stops the enumeration; on 2.5.0+ it also cancels the transfer on the device (see
    /// <see cref="ImageDownloadOptions.CancelOnDevice"/>). Ending the enumeration early (break) leaves the transfer running.
    /// </param>
    /// <returns>Status readings, the first being the device's answer to the start request.</returns>
    /// <exception cref="ArgumentException">The URL or options are invalid.</exception>
    /// <exception cref="NanoKvmUnsupportedException">A SHA-256 was given and the firmware predates 2.5.0.</exception>
    /// <exception cref="NanoKvmBusyException">Another download (or a firmware update) is running.</exception>
    public virtual async IAsyncEnumerable<ImageDownloadStatus> DownloadImageAndWatchAsync(
        Uri url,
        ImageDownloadOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var destination = ValidateDownload(url, options);
        options ??= new ImageDownloadOptions();
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (options.Sha256 is not null && !capabilities.HasDownloadChecksum)
        {
            // Older firmware would silently ignore the sum and install an unverified file.
            throw new NanoKvmUnsupportedException("Verifying a download's SHA-256", new FirmwareVersion(2, 5, 0), capabilities);
        }

        var started = await StartDownloadAsync(url, options.Sha256, cancellationToken).ConfigureAwait(false);
        if (_owner.Logs.Media.IsEnabled(LogLevel.Information))
        {
            // Without user info or query: download links often carry credentials there.
            LogDownloadStarted(_owner.Logs.Media, url.Scheme + "://" + url.Host + url.AbsolutePath, destination);
        }

        yield return started;

        var previous = started;
        while (true)
        {
            ImageDownloadStatus status;
            try
            {
                await Task.Delay(options.PollInterval, _owner.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
                status = await GetDownloadStatusAsync(cancellationToken).ConfigureAwait(false);
                if (status.State == ImageDownloadState.Idle)
                {
                    // The transfer ended without a reported outcome: cancelled (2.5.0+) or any ending before 2.5.0.
                    status = capabilities.DownloadReportsOutcome
                        ? status.With(ImageDownloadState.Cancelled)
                        : status.With((await ListImagesAsync(cancellationToken).ConfigureAwait(false)).Contains(destination, StringComparer.Ordinal)
                            ? ImageDownloadState.Succeeded
                            : ImageDownloadState.Failed);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (options.CancelOnDevice && capabilities.HasDownloadCancel)
                {
                    await CancelAfterCallerGaveUpAsync().ConfigureAwait(false);
                }

                throw;
            }

            if (status.State != previous.State || status.PercentageText != previous.PercentageText || status.IsFinished)
            {
                yield return status;
            }

            if (status.IsFinished)
            {
                LogDownloadEnded(_owner.Logs.Media, destination, status.State);
                yield break;
            }

            previous = status;
        }
    }

    /// <summary>Reads the device's download status (<c>GET /api/download/image/status</c>) as it is.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status. On 2.5.0+ the outcome of the last transfer stays until the next one starts.</returns>
    public virtual async Task<ImageDownloadStatus> GetDownloadStatusAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var reply = await _owner.Api.GetAsync(await DownloadBaseAsync(cancellationToken).ConfigureAwait(false) + "/status", MediaJsonContext.Default.DownloadStatusReply, cancellationToken)
            .ConfigureAwait(false);
        return ToStatus(reply);
    }

    /// <summary>
    /// Cancels the running download on the device (<c>POST /api/download/image/cancel</c>, 2.5.0+). The device waits
    /// up to 10 s for the transfer to stop. Older firmware cannot cancel a download.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the transfer stopped.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware predates 2.5.0.</exception>
    /// <exception cref="NanoKvmException">No download was running (device code −1).</exception>
    public virtual async Task CancelDownloadAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasDownloadCancel)
        {
            throw new NanoKvmUnsupportedException("Cancelling a download", new FirmwareVersion(2, 5, 0), capabilities);
        }

        await _owner.Api.SendAsync(
            new ApiRequest(HttpMethod.Post, DownloadPath + "/cancel", ExtraTimeout: TimeSpan.FromSeconds(10)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Whether the device can store downloads, i.e. <c>/data</c> is writable (<c>GET /api/download/image/enabled</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when downloads are possible.</returns>
    public virtual async Task<bool> IsDownloadEnabledAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var reply = await _owner.Api.GetAsync(await DownloadBaseAsync(cancellationToken).ConfigureAwait(false) + "/enabled", MediaJsonContext.Default.DownloadEnabledReply, cancellationToken)
            .ConfigureAwait(false);
        return reply.Enabled;
    }

    /// <summary>The Cube's <c>/api/download/image</c>, or the Pro's <c>/api/storage/download/image</c>.</summary>
    private async Task<string> DownloadBaseAsync(CancellationToken cancellationToken) =>
        (await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false)).DownloadEndpoint;

    private static string ValidateDownload(Uri url, ImageDownloadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.", nameof(url));
        }

        var fileName = Path.GetFileName(Uri.UnescapeDataString(url.AbsolutePath));
        if (fileName.Length == 0)
        {
            throw new ArgumentException($"'{url}' has no file name in its path; the device names the image after it.", nameof(url));
        }

        options?.Validate();
        return "/data/" + fileName;
    }

    private async Task<ImageDownloadStatus> StartDownloadAsync(Uri url, string? sha256, CancellationToken cancellationToken)
    {
        var body = ApiConnection.Json(
            new DownloadImageRequest(url.AbsoluteUri, sha256?.ToLowerInvariant()), MediaJsonContext.Default.DownloadImageRequest);
        try
        {
            var reply = await _owner.Api.SendAsync(
                new ApiRequest(HttpMethod.Post, await DownloadBaseAsync(cancellationToken).ConfigureAwait(false), body),
                MediaJsonContext.Default.DownloadStatusReply, cancellationToken)
                .ConfigureAwait(false);
            return ToStatus(reply);
        }
        catch (NanoKvmException ex) when (ex.DeviceCode == -1 && ex.DeviceMessage == "download in progress")
        {
            throw new NanoKvmBusyException(
                "The device is already downloading an image or an update; only one transfer runs at a time.",
                ex.Endpoint, ex.DeviceCode, ex.DeviceMessage);
        }
    }

    private async Task CancelAfterCallerGaveUpAsync()
    {
        try
        {
            await _owner.Api.SendAsync(
                new ApiRequest(HttpMethod.Post, DownloadPath + "/cancel", ExtraTimeout: TimeSpan.FromSeconds(10)), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (NanoKvmException ex)
        {
            // The transfer may have ended on its own meanwhile (code -1); the caller's cancellation still stands.
            LogCancelFailed(_owner.Logs.Media, ex.Message);
        }
    }

    private static ImageDownloadStatus ToStatus(DownloadStatusReply reply)
    {
        var raw = reply.Status ?? string.Empty;
        return new ImageDownloadStatus(ImageDownloadStatus.ParseState(raw), raw, reply.File ?? string.Empty, reply.Percentage ?? string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device downloads {Url} to {Destination}")]
    private static partial void LogDownloadStarted(ILogger logger, string url, string destination);

    [LoggerMessage(Level = LogLevel.Information, Message = "Download to {Destination} ended: {State}")]
    private static partial void LogDownloadEnded(ILogger logger, string destination, ImageDownloadState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling the download on the device failed: {Reason}")]
    private static partial void LogCancelFailed(ILogger logger, string reason);
}
