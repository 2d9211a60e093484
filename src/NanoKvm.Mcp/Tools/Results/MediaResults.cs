using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>Images stored on the KVM.</summary>
internal sealed record ImageListResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Full paths of the images the KVM stores (pass one to nanokvm_mount_iso).")] IReadOnlyList<string> Images,
    [property: Description("The image mounted now, or null.")] string? Mounted);

/// <summary>What is mounted.</summary>
internal sealed record MountedImageResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The mounted image's path, or null when nothing is mounted.")] string? File,
    [property: Description("True when an image is mounted.")] bool Mounted,
    [property: Description("True when the target sees it as a CD-ROM, false as a USB disk, null when unknown.")] bool? AsCdrom);

/// <summary>A mount or unmount.</summary>
internal sealed record MountChangeResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The image mounted now, or null after an unmount.")] string? File,
    [property: Description("cdrom or disk; null after an unmount.")] string? Mode,
    [property: Description("The image that was mounted before, or null.")] string? PreviouslyMounted,
    [property: Description("What happened and what to do next.")] string Message);

/// <summary>An image deleted.</summary>
internal sealed record ImageDeletedResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The deleted image.")] string File,
    [property: Description("Images left on the KVM.")] IReadOnlyList<string> Remaining);

/// <summary>Where an image download stands.</summary>
internal sealed record DownloadStatusResult(
    [property: Description("Device used.")] string Device,
    [property: Description("idle, in_progress, succeeded, failed, checksum_failed, cancelled or unknown.")] string State,
    [property: Description("Progress in percent, when reported.")] double? Percent,
    [property: Description("The URL being downloaded, when one is running.")] string? Url,
    [property: Description("True when the transfer is over.")] bool Finished,
    [property: Description("What happened and what to do next.")] string Message);
