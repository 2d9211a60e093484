using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoKvm.Client.Device;
using NanoKvm.Client.Hid;
using NanoKvm.Client.Http;
using NanoKvm.Client.Media;
using NanoKvm.Client.Power;
using NanoKvm.Client.Video;

namespace NanoKvm.Client;

/// <summary>
/// A long-lived, thread-safe connection to one Sipeed NanoKVM. Logs in lazily (and again whenever the device
/// forgets the session), detects the firmware once, and exposes the device by capability: <see cref="Power"/>,
/// <see cref="Media"/>, <see cref="Device"/>, <see cref="Keyboard"/>, <see cref="Mouse"/> and <see cref="Video"/>.
/// </summary>
/// <remarks>
/// Create one per device and share it. Disposing it releases every key and mouse button it holds and closes its
/// sockets; it never logs out, because on the device a logout also ends other users' sessions.
/// </remarks>
public partial class NanoKvmClient : IAsyncDisposable, IDisposable
{
    private readonly object _firmwareGate = new();
    private Task<FirmwareInfo>? _firmware;
    private int _disposed;

    /// <summary>Creates a client for a device with the given credentials.</summary>
    /// <param name="address">The device's base address, e.g. <c>http://192.168.1.50</c>.</param>
    /// <param name="username">Login name.</param>
    /// <param name="password">Login password (plain text; obfuscated on the wire as the device expects).</param>
    public NanoKvmClient(Uri address, string username, string password)
        : this(new NanoKvmClientOptions { Address = address, Username = username, Password = password })
    {
    }

    /// <summary>Creates a client from options. The options are copied; later changes have no effect.</summary>
    /// <param name="options">Address, credentials, TLS and timeouts.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public NanoKvmClient(NanoKvmClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options.Clone();
        var loggerFactory = Options.LoggerFactory ?? NullLoggerFactory.Instance;
        Logs = new Diagnostics.ClientLoggers(loggerFactory);
        Logger = Logs.Client;
        Api = new ApiConnection(Options, Logs.Http, Logs.Auth);
        Api.Session.Renewed += _ => ForgetDetectedFirmware();
        Power = new PowerClient(this);
        Media = new MediaClient(this);
        Device = new DeviceClient(this);
        Hid = new HidSession(this);
        Keyboard = new KeyboardClient(this);
        Mouse = new MouseClient(this);
        Video = new VideoClient(this);
    }

    /// <summary>For mocking frameworks only.</summary>
    protected NanoKvmClient()
    {
        Options = new NanoKvmClientOptions();
        Logs = Diagnostics.ClientLoggers.None;
        Logger = NullLogger.Instance;
        Api = null!;
        Power = null!;
        Media = null!;
        Device = null!;
        Hid = null!;
        Keyboard = null!;
        Mouse = null!;
        Video = null!;
    }

    /// <summary>The device's base address.</summary>
    public virtual Uri Address => Options.Address!;

    /// <summary>True once a login succeeded and the device has not rejected the session since.</summary>
    public virtual bool IsAuthenticated => Api.Session.IsAuthenticated;

    /// <summary>ATX power and reset buttons, power/HDD LEDs, Wake-on-LAN.</summary>
    public PowerClient Power { get; }

    /// <summary>Virtual media: images, mounting as CD-ROM or disk, downloads.</summary>
    public MediaClient Media { get; }

    /// <summary>Device information, HDMI capture state, HID mode, account.</summary>
    public DeviceClient Device { get; }

    /// <summary>Keyboard input over the HID WebSocket, and typing text.</summary>
    public KeyboardClient Keyboard { get; }

    /// <summary>Mouse input (absolute and relative) over the HID WebSocket.</summary>
    public MouseClient Mouse { get; }

    /// <summary>Video: MJPEG frames, screenshots, screen settings, H.264.</summary>
    public VideoClient Video { get; }

    /// <summary>Where the keyboard and mouse connection stands (it opens on the first keyboard or mouse call).</summary>
    public HidConnectionState HidConnectionState => Hid.State;

    /// <summary>
    /// Raised on every change of <see cref="HidConnectionState"/>, with the reason for a loss or close. Raised on the
    /// connection's own thread: handlers must return quickly and not call back into the client synchronously.
    /// </summary>
    public event EventHandler<HidConnectionStateChangedEventArgs>? HidConnectionStateChanged
    {
        add => Hid.StateChanged += value;
        remove => Hid.StateChanged -= value;
    }

    internal NanoKvmClientOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>The per-area loggers.</summary>
    internal Diagnostics.ClientLoggers Logs { get; }

    internal ApiConnection Api { get; }

    internal HidSession Hid { get; }

    /// <summary>
    /// Logs in now instead of on first use, to fail fast on wrong credentials. Calls made later log in
    /// automatically and again after the device forgets the session.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="NanoKvmAuthenticationException">The credentials were refused.</exception>
    /// <exception cref="NanoKvmAccountLockedException">The device locked logins from this address.</exception>
    public virtual async Task LoginAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await Api.Session.GetAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns the firmware version and its wire capabilities. Detected once from <c>GET /api/vm/info</c> and
    /// cached (again after the device restarts), or taken from <see cref="NanoKvmClientOptions.FirmwareVersion"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The firmware.</returns>
    public virtual Task<FirmwareInfo> GetFirmwareAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (Options.FirmwareVersion is { } pinned)
        {
            var version = FirmwareVersion.Parse(pinned);
            var model = Options.DeviceModel ?? (version.Major == 1 ? DeviceModel.Pro : DeviceModel.Cube);
            return Task.FromResult(new FirmwareInfo(model, version, pinned, isPinned: true));
        }

        Task<FirmwareInfo> detection;
        lock (_firmwareGate)
        {
            if (_firmware is null || _firmware.IsFaulted || _firmware.IsCanceled)
            {
                _firmware = DetectFirmwareAsync();
            }

            detection = _firmware;
        }

        return detection.WaitAsync(cancellationToken);
    }

    internal async Task<FirmwareCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        (await GetFirmwareAsync(cancellationToken).ConfigureAwait(false)).Capabilities;

    private async Task<FirmwareInfo> DetectFirmwareAsync()
    {
        var info = await Api.GetAsync("/api/vm/info", DeviceJsonContext.Default.DeviceInfo, CancellationToken.None)
            .ConfigureAwait(false);

        // Only a Pro reports pn/arch; the login probe (or the pinned model) normally decided it already.
        var model = Api.Session.Model ?? (info.PartNumber is not null ? DeviceModel.Pro : DeviceModel.Cube);
        if (FirmwareVersion.TryParse(info.Application, out var version) && !ProVersionFile.IsPlaceholder(model, version))
        {
            return new FirmwareInfo(model, version, info.Application, isPinned: false);
        }

        // Unknown version text: behave like the newest firmware we know, which is what newer devices speak.
        var newest = model == DeviceModel.Pro ? ProVersionFile.Newest : new FirmwareVersion(2, 5, 1);
        LogUnknownVersion(Logger, newest);
        return new FirmwareInfo(model, newest, info.Application, isPinned: false);
    }

    private void ForgetDetectedFirmware()
    {
        // A re-login usually follows a device restart, which may have been a firmware update.
        lock (_firmwareGate)
        {
            if (_firmware is { IsCompletedSuccessfully: true })
            {
                _firmware = null;
            }
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>Releases held keys and buttons, closes sockets and frees the HTTP connection.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the client synchronously; prefer <see cref="DisposeAsync"/>, which can release held keys.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || Interlocked.Exchange(ref _disposed, 1) != 0 || Api is null)
        {
            return;
        }

        Hid.Abort();
        Video.Abort();
        Api.Dispose();
    }

    /// <summary>Releases resources asynchronously.</summary>
    /// <returns>A task that completes when done.</returns>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || Api is null)
        {
            return;
        }

        await Hid.DisposeAsync().ConfigureAwait(false);
        await Video.DisposeAsync().ConfigureAwait(false);
        Api.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device reported an unrecognised application version; assuming {Version} behaviour")]
    private static partial void LogUnknownVersion(ILogger logger, FirmwareVersion version);
}
