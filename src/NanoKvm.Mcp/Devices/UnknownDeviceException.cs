namespace NanoKvm.Mcp.Devices;

/// <summary>A tool call named a device that is not configured.</summary>
internal sealed class UnknownDeviceException : ArgumentException
{
    public UnknownDeviceException()
    {
    }

    public UnknownDeviceException(string message)
        : base(message)
    {
    }

    public UnknownDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnknownDeviceException(string requested, IEnumerable<string> known)
        : base($"Unknown device '{requested}'. Configured devices: {string.Join(", ", known)}.", "device")
    {
    }
}
