namespace NanoKvm.Client.Device;

// HDMI capture state and control (GET /api/vm/hdmi, POST /api/vm/hdmi/reset|enable|disable) live in this part,
// next to the video side that depends on the capture warming up.
public partial class DeviceClient
{
}
