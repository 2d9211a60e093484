using System.Text.Json.Serialization;

namespace NanoKvm.Client.Media;

[JsonSerializable(typeof(ImageListReply))]
[JsonSerializable(typeof(MountedImageReply))]
[JsonSerializable(typeof(MountImageRequest))]
[JsonSerializable(typeof(CdRomReply))]
[JsonSerializable(typeof(DeleteImageRequest))]
[JsonSerializable(typeof(DownloadImageRequest))]
[JsonSerializable(typeof(DownloadStatusReply))]
[JsonSerializable(typeof(DownloadEnabledReply))]
internal sealed partial class MediaJsonContext : JsonSerializerContext;
