using Microsoft.Extensions.Logging;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Media;

/// <summary>Virtual media: the images on the device, mounting them as CD-ROM or disk, downloads.</summary>
/// <remarks>
/// <para>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session. On multi-user firmware (2.5.1)
/// every call here is admin-only; a user-role account gets <see cref="NanoKvmForbiddenException"/>.</para>
/// <para>Every mount and unmount re-binds the device's USB gadget: the host sees the keyboard, mouse and disk
/// unplugged and plugged again, so HID input blips for a moment. "Unmounted" is not "no disk": the device then
/// exposes its own <c>/data</c> partition (where the images live) to the host as a USB disk.</para>
/// </remarks>
public partial class MediaClient
{
    private const string ImagesPath = "/api/storage/image";
    private const string MountPath = "/api/storage/image/mount";

    // Mounting re-enumerates USB before the device answers; allow for a slow host on top of the request timeout.
    private static readonly TimeSpan MountExtraTimeout = TimeSpan.FromSeconds(10);

    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected MediaClient()
    {
        _owner = null!;
    }

    internal MediaClient(NanoKvmClient owner)
    {
        _owner = owner;
    }

    /// <summary>Lists the <c>.iso</c> and <c>.img</c> files under the device's <c>/data</c> (<c>GET /api/storage/image</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Absolute paths such as <c>/data/ubuntu.iso</c>; empty when there are none (the device then sends null).</returns>
    public virtual async Task<IReadOnlyList<string>> ListImagesAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var reply = await _owner.Api.GetAsync(ImagesPath, MediaJsonContext.Default.ImageListReply, cancellationToken)
            .ConfigureAwait(false);
        return reply.Files ?? [];
    }

    /// <summary>Returns the mounted image (<c>GET /api/storage/image/mounted</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image's path, or null when none is mounted (or the device is in HID-only mode).</returns>
    public virtual async Task<string?> GetMountedImageAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var reply = await _owner.Api.GetAsync(ImagesPath + "/mounted", MediaJsonContext.Default.MountedImageReply, cancellationToken)
            .ConfigureAwait(false);
        return string.IsNullOrEmpty(reply.File) ? null : reply.File;
    }

    /// <summary>
    /// Whether the USB drive currently presents itself as a CD-ROM (<c>GET /api/storage/cdrom</c>, 2.2.1+). Firmware
    /// 2.2.0 has no such call but sets the flag from the mounted file's name alone, so there the answer is whether the
    /// mounted image (<see cref="GetMountedImageAsync"/>) ends in <c>.iso</c>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True in CD-ROM mode.</returns>
    public virtual async Task<bool> IsCdRomModeAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.MountsIsoAsCdRomBySuffix)
        {
            return await GetMountedImageAsync(cancellationToken).ConfigureAwait(false) is { } mounted && IsIsoName(mounted);
        }

        if (!capabilities.HasCdRomEndpoint)
        {
            return (await GetMountStateAsync(cancellationToken).ConfigureAwait(false)).CdRom;
        }

        var reply = await _owner.Api.GetAsync("/api/storage/cdrom", MediaJsonContext.Default.CdRomReply, cancellationToken)
            .ConfigureAwait(false);
        return reply.CdRom != 0;
    }

    /// <summary>
    /// Mounts an image for the host (<c>POST /api/storage/image/mount</c>). The path must be one the device lists
    /// (<see cref="ListImagesAsync"/>) unless <paramref name="allowUnlisted"/> is true. When switching from CD-ROM
    /// to disk mode the client unmounts first, because the device leaves the CD-ROM flags set on a disk mount.
    /// </summary>
    /// <param name="imagePath">Absolute path on the device, e.g. <c>/data/ubuntu.iso</c>.</param>
    /// <param name="mode">CD-ROM (default) or disk.</param>
    /// <param name="allowUnlisted">Skip the check that the device lists the path (for files it does not list, e.g. other extensions).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the image is mounted and USB re-enumerated.</returns>
    /// <exception cref="ArgumentException">The path is empty, not absolute, or not listed by the device.</exception>
    /// <exception cref="NanoKvmUnsupportedException">
    /// Firmware 2.2.0, which decides by the file name alone: <see cref="MountMode.Disk"/> for an <c>.iso</c> file, or
    /// <see cref="MountMode.CdRom"/> for any other file (nothing is sent).
    /// </exception>
    public virtual async Task MountAsync(
        string imagePath, MountMode mode = MountMode.CdRom, bool allowUnlisted = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        if (!imagePath.StartsWith('/'))
        {
            throw new ArgumentException($"'{imagePath}' is not an absolute path on the device (e.g. /data/ubuntu.iso).", nameof(imagePath));
        }

        if (mode is not (MountMode.CdRom or MountMode.Disk or MountMode.ReadOnlyDisk))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown mount mode.");
        }

        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.HasReadOnlyMount)
        {
            await MountOnProAsync(imagePath, mode, allowUnlisted, capabilities, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (mode == MountMode.ReadOnlyDisk)
        {
            throw new NanoKvmUnsupportedException(
                "Mounting a read-only disk", capabilities, "This firmware makes only CD-ROM mounts read-only (MountMode.CdRom).");
        }

        if (capabilities.MountsIsoAsCdRomBySuffix)
        {
            RequireModeMatchesSuffix(imagePath, mode, capabilities);
        }
        else if (mode == MountMode.CdRom && !capabilities.HasCdRomMode)
        {
            throw new NanoKvmUnsupportedException("Mounting as CD-ROM", new FirmwareVersion(2, 2, 1), capabilities);
        }

        if (!allowUnlisted)
        {
            await EnsureListedAsync(imagePath, nameof(imagePath), cancellationToken).ConfigureAwait(false);
        }

        if (mode == MountMode.Disk && capabilities.HasCdRomMode
            && await IsCdRomModeAsync(cancellationToken).ConfigureAwait(false))
        {
            // A disk mount does not clear the CD-ROM/read-only flags; only an unmount does.
            LogUnmountBeforeDiskMount(_owner.Logs.Media, imagePath);
            await SendMountAsync(string.Empty, cdrom: false, cancellationToken).ConfigureAwait(false);
        }

        await SendMountAsync(imagePath, mode == MountMode.CdRom, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Unmounts the image (<c>POST /api/storage/image/mount</c> with an empty file) and leaves CD-ROM mode. Note that
    /// the device then exposes its <c>/data</c> partition to the host as a USB disk, and that USB re-enumerates.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when unmounted.</returns>
    public virtual async Task UnmountAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.HasReadOnlyMount)
        {
            await SendProMountAsync(string.Empty, MountMode.Disk, cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendMountAsync(string.Empty, cdrom: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes an image from <c>/data</c> (<c>POST /api/storage/image/delete</c>, firmware 2.3.0+). Only a listed
    /// <c>.iso</c> or <c>.img</c> file under <c>/data</c> can be deleted.
    /// </summary>
    /// <param name="imagePath">The image, e.g. <c>/data/old.iso</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ArgumentException">The path is not a listed <c>.iso</c>/<c>.img</c> file under <c>/data</c>.</exception>
    /// <exception cref="NanoKvmUnsupportedException">The firmware predates 2.3.0.</exception>
    public virtual async Task DeleteImageAsync(string imagePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);

        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);

        // The device's own rule, checked here so a bad path is never sent: the Cube compares the suffix as written,
        // the Pro lower-cases the path first and also accepts /sdcard.
        var checkedPath = capabilities.Model == DeviceModel.Pro ? imagePath.ToLowerInvariant() : imagePath;
        if (!capabilities.ImageDirectories.Any(root => checkedPath.StartsWith(root + "/", StringComparison.Ordinal))
            || !(checkedPath.EndsWith(".iso", StringComparison.Ordinal) || checkedPath.EndsWith(".img", StringComparison.Ordinal)))
        {
            throw new ArgumentException(
                $"'{imagePath}' cannot be deleted: the device only deletes .iso or .img files{(capabilities.Model == DeviceModel.Pro ? string.Empty : " (lower-case extension)")} under {string.Join(" or ", capabilities.ImageDirectories)}.",
                nameof(imagePath));
        }

        if (!capabilities.HasImageDelete)
        {
            throw new NanoKvmUnsupportedException("Deleting images", new FirmwareVersion(2, 3, 0), capabilities);
        }

        await EnsureListedAsync(imagePath, nameof(imagePath), cancellationToken).ConfigureAwait(false);
        var body = ApiConnection.Json(new DeleteImageRequest(imagePath), MediaJsonContext.Default.DeleteImageRequest);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, ImagesPath + "/delete", body), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task EnsureListedAsync(string imagePath, string parameterName, CancellationToken cancellationToken)
    {
        var images = await ListImagesAsync(cancellationToken).ConfigureAwait(false);
        if (!images.Contains(imagePath, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The device does not list '{imagePath}'. Images it has: {(images.Count == 0 ? "none" : string.Join(", ", images))}.",
                parameterName);
        }
    }

    private async Task SendMountAsync(string file, bool cdrom, CancellationToken cancellationToken)
    {
        var body = ApiConnection.Json(new MountImageRequest(file, cdrom), MediaJsonContext.Default.MountImageRequest);
        LogMount(_owner.Logs.Media, file.Length == 0 ? "(none)" : file, cdrom);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, MountPath, body, MountExtraTimeout), cancellationToken)
            .ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mounting {Image} (cdrom={CdRom}); USB re-enumerates")]
    private static partial void LogMount(ILogger logger, string image, bool cdrom);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unmounting before mounting {Image} as a disk: CD-ROM mode is on")]
    private static partial void LogUnmountBeforeDiskMount(ILogger logger, string image);
}
