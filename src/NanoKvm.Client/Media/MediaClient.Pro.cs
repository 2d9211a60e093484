using System.Text.Json.Serialization;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Media;

/// <summary>
/// NanoKVM-Pro virtual media (github:sipeed/NanoKVM-Pro <c>service/storage/image.go</c> @1.2.15): the mount takes
/// <c>{file, cdrom, readOnly}</c> and writes every flag on each call, so no unmount is needed between modes; the
/// mounted state carries the flags; images may live under <c>/sdcard</c> too.
/// </summary>
public partial class MediaClient
{
    /// <summary>
    /// Reads what the USB drive presents (<c>GET /api/storage/image/mounted</c>): the image and, on a NanoKVM-Pro, its
    /// CD-ROM and read-only flags. On a Cube the flags come from <c>GET /api/storage/cdrom</c> (read-only ≡ CD-ROM).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The mount state; <see cref="MountState.File"/> is null when nothing is mounted.</returns>
    public virtual async Task<MountState> GetMountStateAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasReadOnlyMount)
        {
            var file = await GetMountedImageAsync(cancellationToken).ConfigureAwait(false);
            var cdrom = (capabilities.HasCdRomMode || capabilities.MountsIsoAsCdRomBySuffix)
                && await IsCdRomModeAsync(cancellationToken).ConfigureAwait(false);
            return new MountState(file, cdrom, cdrom);
        }

        var reply = await _owner.Api.GetAsync(ImagesPath + "/mounted", ProMediaJsonContext.Default.ProMountedReply, cancellationToken)
            .ConfigureAwait(false);
        return new MountState(string.IsNullOrEmpty(reply.File) ? null : reply.File, reply.CdRom, reply.ReadOnly);
    }

    private async Task MountOnProAsync(string imagePath, MountMode mode, bool allowUnlisted, FirmwareCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (!capabilities.ImageDirectories.Any(root => imagePath.StartsWith(root + "/", StringComparison.Ordinal)) && !allowUnlisted)
        {
            throw new ArgumentException(
                $"'{imagePath}' is not under {string.Join(" or ", capabilities.ImageDirectories)}, where the {capabilities.DeviceName} keeps images.",
                nameof(imagePath));
        }

        if (!allowUnlisted)
        {
            await EnsureListedAsync(imagePath, nameof(imagePath), cancellationToken).ConfigureAwait(false);
        }

        await SendProMountAsync(imagePath, mode, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendProMountAsync(string file, MountMode mode, CancellationToken cancellationToken)
    {
        var cdrom = file.Length != 0 && mode == MountMode.CdRom;
        var readOnly = file.Length != 0 && mode is MountMode.CdRom or MountMode.ReadOnlyDisk;
        var body = ApiConnection.Json(new ProMountRequest(file, cdrom, readOnly), ProMediaJsonContext.Default.ProMountRequest);
        LogMount(_owner.Logger, file.Length == 0 ? "(none)" : file, cdrom);

        // The Pro restarts the USB gadget and sleeps 3 s before answering, on mount and unmount alike.
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, MountPath, body, MountExtraTimeout + TimeSpan.FromSeconds(3)), cancellationToken)
            .ConfigureAwait(false);
    }
}

/// <summary>What the USB drive presents.</summary>
/// <param name="File">The mounted image, or null when none is mounted.</param>
/// <param name="CdRom">Whether the host sees a CD/DVD drive.</param>
/// <param name="ReadOnly">Whether the drive is read-only (always with CD-ROM; alone only on a NanoKVM-Pro).</param>
public sealed record MountState(string? File, bool CdRom, bool ReadOnly);

internal sealed record ProMountRequest(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("cdrom")] bool CdRom,
    [property: JsonPropertyName("readOnly")] bool ReadOnly);

internal sealed record ProMountedReply(
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("cdrom")] bool CdRom,
    [property: JsonPropertyName("readOnly")] bool ReadOnly);

[JsonSerializable(typeof(ProMountRequest))]
[JsonSerializable(typeof(ProMountedReply))]
internal sealed partial class ProMediaJsonContext : JsonSerializerContext;
