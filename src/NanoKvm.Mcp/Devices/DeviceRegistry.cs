using Microsoft.Extensions.Logging;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Devices;

/// <summary>
/// The devices this server drives, by name. Each has one <see cref="NanoKvm.Client.NanoKvmClient"/>, created on
/// first use and reused by every call (the client is thread-safe and keeps the login and HID socket warm).
/// </summary>
internal sealed class DeviceRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, KvmDevice> _byName;

    public DeviceRegistry(IEnumerable<DeviceDefinition> devices, string defaultDevice, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentException.ThrowIfNullOrEmpty(defaultDevice);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _byName = new Dictionary<string, KvmDevice>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<KvmDevice>();
        foreach (var definition in devices)
        {
            var device = new KvmDevice(definition, string.Equals(definition.Name, defaultDevice, StringComparison.OrdinalIgnoreCase), loggerFactory);
            if (!_byName.TryAdd(definition.Name, device))
            {
                throw new ArgumentException($"Device name '{definition.Name}' is configured twice.", nameof(devices));
            }

            ordered.Add(device);
        }

        Default = _byName.TryGetValue(defaultDevice, out var d)
            ? d
            : throw new ArgumentException($"Default device '{defaultDevice}' is not configured.", nameof(defaultDevice));
        Devices = ordered;
    }

    /// <summary>Every device, in configuration order.</summary>
    public IReadOnlyList<KvmDevice> Devices { get; }

    /// <summary>The device used when a call names none.</summary>
    public KvmDevice Default { get; }

    /// <summary>Finds the device a tool call asked for.</summary>
    /// <param name="name">The call's <c>device</c> argument; null or empty means the default device.</param>
    /// <exception cref="UnknownDeviceException">No device has that name.</exception>
    public KvmDevice Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Default;
        }

        return _byName.TryGetValue(name.Trim(), out var device)
            ? device
            : throw new UnknownDeviceException(name, Devices.Select(d => d.Name));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in Devices)
        {
            await device.DisposeAsync();
        }
    }
}
