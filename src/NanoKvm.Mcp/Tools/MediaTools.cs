using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Client;
using NanoKvm.Client.Media;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Progress;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>Virtual media: the images the KVM stores and lends to the target as a CD-ROM or USB disk.</summary>
[McpServerToolType]
internal sealed class MediaTools(DeviceRegistry registry)
{
    private const int MaxDownloadWaitSeconds = 3600;

    [McpServerTool(Name = "nanokvm_list_images", Title = "List images stored on the KVM",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the disk/CD images stored on the KVM (full paths such as /data/ubuntu.iso) and which one is mounted.")]
    public async Task<ImageListResult> ListImagesAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var images = await kvm.Client.Media.ListImagesAsync(cancellationToken);
        var mounted = await kvm.Client.Media.GetMountedImageAsync(cancellationToken);
        return new ImageListResult(kvm.Name, images, mounted);
    }

    [McpServerTool(Name = "nanokvm_mounted_image", Title = "Show the mounted image",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows which image the KVM presents to the target now, and whether as a CD-ROM or a USB disk.")]
    public async Task<MountedImageResult> MountedImageAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var file = await kvm.Client.Media.GetMountedImageAsync(cancellationToken);
        bool? cdrom = null;
        if (file is not null)
        {
            try
            {
                cdrom = await kvm.Client.Media.IsCdRomModeAsync(cancellationToken);
            }
            catch (NanoKvmUnsupportedException)
            {
                // Firmware before 2.2.1 has no CD-ROM mode to report.
            }
        }

        return new MountedImageResult(kvm.Name, file, file is not null, cdrom);
    }

    [McpServerTool(Name = "nanokvm_mount_iso", Title = "Mount an image on the target",
        ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Presents one of the KVM's stored images to the TARGET computer as a CD-ROM (default) or a writable USB " +
        "disk, replacing any image mounted before. Only images listed by nanokvm_list_images can be mounted. The USB " +
        "keyboard and mouse drop for a moment while the KVM re-plugs. Unmount it with nanokvm_unmount_iso when done.")]
    public async Task<MountChangeResult> MountIsoAsync(
        [Description("The image: a full path from nanokvm_list_images (e.g. /data/ubuntu.iso) or just its file name."), Length(1, 1024)]
        string file,
        [Description("true (default): the target sees a read-only CD/DVD drive (for installer ISOs); false: a writable USB disk.")]
        bool as_cdrom = true,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var kvm = registry.Resolve(device);
        var media = kvm.Client.Media;
        var images = await media.ListImagesAsync(cancellationToken);
        var path = ResolveImage(file, images, nameof(file));
        var before = await media.GetMountedImageAsync(cancellationToken);
        var mode = as_cdrom ? MountMode.CdRom : MountMode.Disk;
        await ArgumentNames.RenameAsync(() => media.MountAsync(path, mode, allowUnlisted: false, cancellationToken), "imagePath", nameof(file));
        return new MountChangeResult(
            kvm.Name,
            path,
            as_cdrom ? "cdrom" : "disk",
            before,
            $"Mounted {path} as a {(as_cdrom ? "CD-ROM" : "USB disk")}. The keyboard and mouse re-plug briefly. " +
            "Unmount it with nanokvm_unmount_iso when you are done.");
    }

    [McpServerTool(Name = "nanokvm_unmount_iso", Title = "Unmount the image",
        ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Removes the mounted image from the TARGET computer (like ejecting it). The USB keyboard and mouse drop " +
        "for a moment while the KVM re-plugs.")]
    public async Task<MountChangeResult> UnmountIsoAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var before = await kvm.Client.Media.GetMountedImageAsync(cancellationToken);
        await kvm.Client.Media.UnmountAsync(cancellationToken);
        return new MountChangeResult(
            kvm.Name,
            null,
            null,
            before,
            before is null ? "Nothing was mounted; the KVM's media were reset anyway." : $"Unmounted {before}.");
    }

    [McpServerTool(Name = "nanokvm_delete_image", Title = "Delete an image from the KVM",
        ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Deletes a stored .iso/.img image from the KVM's storage (firmware 2.3.0+). The mounted image cannot be " +
        "deleted: unmount it first. This cannot be undone.")]
    public async Task<ImageDeletedResult> DeleteImageAsync(
        [Description("The image: a full path from nanokvm_list_images (e.g. /data/old.iso) or just its file name."), Length(1, 1024)]
        string file,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var kvm = registry.Resolve(device);
        var media = kvm.Client.Media;
        var path = ResolveImage(file, await media.ListImagesAsync(cancellationToken), nameof(file));
        if (string.Equals(await media.GetMountedImageAsync(cancellationToken), path, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path} is mounted on the target; unmount it with nanokvm_unmount_iso first.", nameof(file));
        }

        await ArgumentNames.RenameAsync(() => media.DeleteImageAsync(path, cancellationToken), "imagePath", nameof(file));
        return new ImageDeletedResult(kvm.Name, path, await media.ListImagesAsync(cancellationToken));
    }

    [McpServerTool(Name = "nanokvm_download_image", Title = "Download an image to the KVM from a URL",
        ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Makes the KVM download a disk/CD image from an http(s) URL into its storage, so it can be mounted. " +
        "Waits up to wait_seconds while reporting progress; if the download is still running then, it continues on the " +
        "KVM (check nanokvm_download_status, stop it with nanokvm_cancel_download). Cancelling this call cancels the " +
        "transfer on firmware 2.5.0+.")]
    public async Task<DownloadStatusResult> DownloadImageAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("http or https URL of the .iso/.img file."), Length(8, 2048)]
        string url,
        [Description("Expected SHA-256 of the file (64 hex digits); the KVM verifies it. Firmware 2.5.0+."), Length(64, 64)]
        string? sha256 = null,
        [Description("How long to wait for the download to finish, in seconds (0-3600; default 600). 0 starts it and returns at once."), Range(0, MaxDownloadWaitSeconds)]
        int wait_seconds = 600,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        if (wait_seconds is < 0 or > MaxDownloadWaitSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(wait_seconds), wait_seconds, "Must be between 0 and 3600 seconds.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("Must be an absolute http or https URL.", nameof(url));
        }

        var kvm = registry.Resolve(device);
        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            throw new ArgumentException("Must be 64 hex digits (a SHA-256 sum).", nameof(sha256));
        }

        var options = new ImageDownloadOptions { Sha256 = sha256 };
        var started = TimeProvider.System.GetTimestamp();
        ImageDownloadStatus? last = null;
        await using var progress = ProgressNotifier.Start(context, cancellationToken);
        await foreach (var status in kvm.Client.Media.DownloadImageAndWatchAsync(uri, options, cancellationToken))
        {
            last = status;

            // A status without a percentage (the end of a transfer, or firmware that does not say) is no progress:
            // the notifier keeps the highest value, so progress never drops back to 0.
            if (status.State == ImageDownloadState.Succeeded)
            {
                progress.Report(100, 100, status.ToString());
            }
            else if (status.Percentage is { } percent)
            {
                progress.Report(percent, 100, status.ToString());
            }

            if (status.IsFinished || TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(wait_seconds))
            {
                // Leaving the enumeration early leaves the transfer running on the device.
                break;
            }
        }

        return Describe(kvm.Name, last ?? await kvm.Client.Media.GetDownloadStatusAsync(cancellationToken));
    }

    [McpServerTool(Name = "nanokvm_download_status", Title = "Image download status",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reports the KVM's image download: whether one is running, its progress, and how the last one ended.")]
    public async Task<DownloadStatusResult> DownloadStatusAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        return Describe(kvm.Name, await kvm.Client.Media.GetDownloadStatusAsync(cancellationToken));
    }

    [McpServerTool(Name = "nanokvm_cancel_download", Title = "Cancel the image download",
        ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Stops the KVM's running image download and discards the partial file (firmware 2.5.0+).")]
    public async Task<DownloadStatusResult> CancelDownloadAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await kvm.Client.Media.CancelDownloadAsync(cancellationToken);
        return Describe(kvm.Name, await kvm.Client.Media.GetDownloadStatusAsync(cancellationToken));
    }

    /// <summary>Accepts a listed full path, or a file name that matches exactly one listed image.</summary>
    private static string ResolveImage(string file, IReadOnlyList<string> images, string parameterName)
    {
        var wanted = file.Trim();
        if (images.Contains(wanted, StringComparer.Ordinal))
        {
            return wanted;
        }

        var byName = images.Where(i => string.Equals(Path.GetFileName(i), wanted, StringComparison.Ordinal)).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }

        var listed = images.Count == 0 ? "none" : string.Join(", ", images);
        throw new ArgumentException(
            byName.Count > 1
                ? $"'{wanted}' matches several images ({string.Join(", ", byName)}); give the full path."
                : $"The KVM does not list '{wanted}'. Images it has: {listed}.",
            parameterName);
    }

    private static DownloadStatusResult Describe(string device, ImageDownloadStatus status)
    {
        var state = status.State switch
        {
            ImageDownloadState.Idle => "idle",
            ImageDownloadState.InProgress => "in_progress",
            ImageDownloadState.Succeeded => "succeeded",
            ImageDownloadState.Failed => "failed",
            ImageDownloadState.ChecksumFailed => "checksum_failed",
            ImageDownloadState.Cancelled => "cancelled",
            _ => "unknown",
        };
        var message = status.State switch
        {
            ImageDownloadState.Succeeded => "Download finished; the image is listed by nanokvm_list_images and can be mounted.",
            ImageDownloadState.InProgress => "Still downloading on the KVM; check again with nanokvm_download_status.",
            ImageDownloadState.Failed => "The download failed; check the URL and that the KVM can reach it.",
            ImageDownloadState.ChecksumFailed => "The downloaded file did not match the SHA-256 given; it was discarded.",
            ImageDownloadState.Cancelled => "The download was cancelled.",
            ImageDownloadState.Idle => "No download is running.",
            _ => $"The KVM reported '{status.RawStatus}'.",
        };
        return new DownloadStatusResult(device, state, status.Percentage, status.File.Length == 0 ? null : status.File, status.IsFinished, message);
    }
}
