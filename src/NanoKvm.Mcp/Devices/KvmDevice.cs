using Microsoft.Extensions.Logging;
using NanoKvm.Client;
using NanoKvm.Client.Video;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Devices;

/// <summary>One configured NanoKVM: its client (created on first use and shared by every call) and screen geometry.</summary>
internal sealed class KvmDevice : IAsyncDisposable
{
    // A frame to learn the capture size from: no settle wait (nothing is drawn from it), and a shorter limit than a
    // screenshot's so a missing HDMI signal is reported within seconds.
    private static readonly ScreenshotOptions LearnSizeOptions = new() { Timeout = TimeSpan.FromSeconds(5), SettleDelay = TimeSpan.Zero };

    private readonly Lazy<NanoKvmClient> _client;
    private string? _knownFirmware;

    public KvmDevice(DeviceDefinition definition, bool isDefault, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        IsDefault = isDefault;
        Screen = new ScreenGeometry(definition.FallbackScreenSize);
        _client = new Lazy<NanoKvmClient>(
            () =>
            {
                var client = new NanoKvmClient(CreateOptions(definition, loggerFactory));

                // A capture problem pushed by the device (2.4.2+: a resolution change is result -4, "changing
                // resolution") means the size learned before may be wrong now.
                client.Keyboard.CaptureStatusChanged += (_, status) =>
                {
                    if (!status.Ok)
                    {
                        Screen.ForgetCaptureSize();
                    }
                };
                return client;
            },
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

    /// <summary>The frames recently shown to the model, by frame_id (for frame-bound pointer actions).</summary>
    public FrameHistory Frames { get; } = new();

    /// <summary>The firmware version last read from the device, or null if no call has read it yet.</summary>
    public string? KnownFirmware
    {
        get => Volatile.Read(ref _knownFirmware);
        set => Volatile.Write(ref _knownFirmware, value);
    }

    /// <summary>
    /// Before pixel coordinates are read without a screenshot: learns the device's current capture size from one
    /// fresh frame, unless a screenshot or a fresh capture size is known. When the frame cannot be had, the reason
    /// is kept for the refusal (or the configured size is used, if there is one).
    /// </summary>
    /// <param name="pixels">Whether the call has pixel coordinates at all (fractions need no size).</param>
    /// <param name="cancellationToken">Cancels the wait for the frame.</param>
    public async Task PrepareCoordinatesAsync(bool pixels, CancellationToken cancellationToken)
    {
        if (!pixels || !Screen.NeedsCaptureSize)
        {
            return;
        }

        try
        {
            using var frame = await Client.Video.GetScreenshotAsync(LearnSizeOptions, cancellationToken);
            Screen.RecordCaptureSize(frame.Width, frame.Height);
        }
        catch (NanoKvmException e)
        {
            Screen.RecordCaptureProblem(e.Message);
        }
    }

    internal static NanoKvmClientOptions CreateOptions(DeviceDefinition definition, ILoggerFactory loggerFactory)
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
