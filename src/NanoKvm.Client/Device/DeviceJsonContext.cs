using System.Text.Json.Serialization;

namespace NanoKvm.Client.Device;

[JsonSerializable(typeof(DeviceInfo))]
[JsonSerializable(typeof(DeviceAccount))]
[JsonSerializable(typeof(HardwareReply))]
[JsonSerializable(typeof(HidModeMessage))]
[JsonSerializable(typeof(PasswordStateReply))]
internal sealed partial class DeviceJsonContext : JsonSerializerContext;
