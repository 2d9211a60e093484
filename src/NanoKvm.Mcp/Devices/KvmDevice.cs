using Microsoft.Extensions.Logging;
using NanoKvm.Client;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Devices;

/// <summary>One configured NanoKVM: its client (created on first use and shared by every call) and screen geometry.</summary>
internal sealed class KvmDevice : IAsyncDisposable
{
    private readonly Lazy<NanoKvmClient> _client;
    private string? _knownFirmware;

    public KvmDevice(DeviceDefinition definition, bool isDefault, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        IsDefault = isDefault;
        Screen = new ScreenGeometry(definition.FallbackScreenSize);
        _client = new Lazy<NanoKvmClient>(
            () => new NanoKvmClient(CreateOptions(definition, loggerFactory)),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name => Definition.Name;

    public DeviceDefinition Definition { get; }

    public bool IsDefault { get; }

    /// <summary>The shared SDK client for this device.</summary>
    public NanoKvmClient Client => _client.Value;

    /// <summary>True once <see cref="Client"/> was created (so its cached facts, like the firmware, may be known).</summary>
    public bool HasClient => _client.IsValueCreated;

    public ScreenGeometry Screen { get; }

    /// <summary>The firmware version last read from the device, or null if no call has read it yet.</summary>
    public string? KnownFirmware
    {
        get => Volatile.Read(ref _knownFirmware);
        set => Volatile.Write(ref _knownFirmware, value);
    }

    private static NanoKvmClientOptions CreateOptions(DeviceDefinition definition, ILoggerFactory loggerFactory)
    {
        var options = new NanoKvmClientOptions
        {
            Address = definition.Address,
            Username = definition.Username,
            Password = definition.Password,
            AcceptSelfSignedCertificate = definition.AcceptSelfSignedCertificate,
            CertificateFingerprint = definition.CertificateSha256,
            LoggerFactory = loggerFactory,
        };
        if (definition.RequestTimeout is { } timeout)
        {
            options.RequestTimeout = timeout;
        }

        return options;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            await _client.Value.DisposeAsync();
        }
    }
}
