using System.Text.Json.Serialization;

namespace NanoKvm.Client.Device;

[JsonSerializable(typeof(DeviceInfo))]
internal sealed partial class DeviceJsonContext : JsonSerializerContext;
