using System.Text.Json.Serialization;

namespace NanoKvm.Client.Power;

[JsonSerializable(typeof(PowerLeds))]
[JsonSerializable(typeof(GpioPressRequest))]
[JsonSerializable(typeof(WakeOnLanRequest))]
internal sealed partial class PowerJsonContext : JsonSerializerContext;
