using System.Text.Json.Serialization;

namespace NanoKvm.Client.Media;

internal sealed record ImageListReply([property: JsonPropertyName("files")] IReadOnlyList<string>? Files);

internal sealed record MountedImageReply([property: JsonPropertyName("file")] string? File);

internal sealed record MountImageRequest(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("cdrom")] bool CdRom);

internal sealed record CdRomReply([property: JsonPropertyName("cdrom")] int CdRom);

internal sealed record DeleteImageRequest([property: JsonPropertyName("file")] string File);

internal sealed record DownloadImageRequest(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("sha256sum"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha256Sum);

internal sealed record DownloadStatusReply(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("percentage")] string? Percentage);

internal sealed record DownloadEnabledReply([property: JsonPropertyName("enabled")] bool Enabled);
