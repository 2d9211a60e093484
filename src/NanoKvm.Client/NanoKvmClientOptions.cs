using Microsoft.Extensions.Logging;
using NanoKvm.Client.Hid;
using NanoKvm.Client.Video;

namespace NanoKvm.Client;

/// <summary>Settings for a <see cref="NanoKvmClient"/>: where the device is, how to log in, TLS and timeouts.</summary>
public sealed class NanoKvmClientOptions
{
    /// <summary>The device's base address, e.g. <c>http://192.168.1.50</c> or <c>https://kvm.lan:8443</c>. Required.</summary>
    public Uri? Address { get; set; }

    /// <summary>Login name. The device's factory default is <c>admin</c>.</summary>
    public string Username { get; set; } = "admin";

    /// <summary>Login password in plain text; the client applies the device's password obfuscation itself. Never logged.</summary>
    public string Password { get; set; } = "admin";

    /// <summary>
    /// Pins the firmware version (e.g. <c>"2.4.3"</c>) instead of asking the device. Useful when
    /// <c>GET /api/vm/info</c> is slow or to force a wire behaviour; null (default) detects it once and caches it.
    /// </summary>
    public string? FirmwareVersion { get; set; }

    /// <summary>
    /// Pins the device family instead of probing it before the first login (<c>POST /api/stream/mode</c> is routed on
    /// a NanoKVM-Pro and 404 on a Cube). Null (default) probes once. A pinned <see cref="FirmwareVersion"/> without a
    /// model names it and skips the probe: 1.x is a Pro, 2.x a Cube/PCIe/Lite.
    /// </summary>
    public DeviceModel? DeviceModel { get; set; }

    /// <summary>Time allowed for an ordinary REST call. Blocking calls (power presses, paste) add their own duration on top.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed to open a TCP/TLS connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Accept the device's self-signed certificate without validating its chain or name. The NanoKVM generates a
    /// certificate for <c>localhost</c> whenever HTTPS is switched on, so ordinary validation fails. Prefer
    /// <see cref="CertificateFingerprint"/>, which accepts exactly one certificate.
    /// </summary>
    public bool AcceptSelfSignedCertificate { get; set; }

    /// <summary>
    /// SHA-256 fingerprint (hex, colons or spaces allowed) of the only server certificate to accept. When set, the
    /// certificate must match it whatever its chain or name, and nothing else is accepted.
    /// </summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>
    /// Headers added to every request to the device — REST calls, the HID WebSocket and the MJPEG stream alike — for
    /// example the credentials of a reverse proxy in front of it. <c>Cookie</c>, <c>Host</c>, <c>Origin</c> and the
    /// WebSocket handshake headers are the client's own and cannot be set here. Values are never logged.
    /// </summary>
    public IDictionary<string, string> RequestHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adjusts the one <see cref="System.Net.Http.SocketsHttpHandler"/> the client builds for REST, WebSocket and
    /// MJPEG traffic: a proxy (<c>UseProxy</c>/<c>Proxy</c>), a client certificate (<c>SslOptions.ClientCertificates</c>),
    /// connection limits. Called once per client, after the client's own settings. The TLS rules of
    /// <see cref="AcceptSelfSignedCertificate"/> and <see cref="CertificateFingerprint"/> are applied afterwards and
    /// cannot be replaced: a certificate callback set here while either is set is an error.
    /// </summary>
    public Action<System.Net.Http.SocketsHttpHandler>? ConfigureHttpHandler { get; set; }

    /// <summary>Logger factory for the client's diagnostics. Passwords and tokens are never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Clock used for timeouts, pacing and timestamps; replace it in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Settings of the HID (keyboard and mouse) WebSocket session.</summary>
    public NanoKvmHidOptions Hid { get; } = new();

    /// <summary>Settings of the video (MJPEG, screenshot, H.264) side.</summary>
    public NanoKvmVideoOptions Video { get; } = new();

    internal void Validate()
    {
        if (Address is null)
        {
            throw new ArgumentException("NanoKvmClientOptions.Address is required (e.g. http://192.168.1.50).", nameof(Address));
        }

        if (!Address.IsAbsoluteUri || (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"NanoKvmClientOptions.Address must be an absolute http or https URI; got '{Address}'.", nameof(Address));
        }

        if (string.IsNullOrEmpty(Username))
        {
            throw new ArgumentException("NanoKvmClientOptions.Username must not be empty.", nameof(Username));
        }

        ArgumentNullException.ThrowIfNull(Password, nameof(Password));
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("NanoKvmClientOptions timeouts must be positive.", nameof(RequestTimeout));
        }

        if (FirmwareVersion is not null && !NanoKvm.Client.FirmwareVersion.TryParse(FirmwareVersion, out _))
        {
            throw new ArgumentException($"NanoKvmClientOptions.FirmwareVersion '{FirmwareVersion}' is not a version such as 2.5.0.", nameof(FirmwareVersion));
        }

        if (DeviceModel is { } model && !Enum.IsDefined(model))
        {
            throw new ArgumentException($"NanoKvmClientOptions.DeviceModel {(int)model} is not a defined model.", nameof(DeviceModel));
        }

        if (CertificateFingerprint is not null)
        {
            _ = Http.CertificatePolicy.ParseFingerprint(CertificateFingerprint);
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        foreach (var (name, value) in RequestHeaders)
        {
            Http.RequestHeaderRules.Check(name, value);
        }

        Hid.Validate();
        Video.Validate();
    }

    internal NanoKvmClientOptions Clone()
    {
        var copy = new NanoKvmClientOptions
        {
            Address = Address,
            Username = Username,
            Password = Password,
            FirmwareVersion = FirmwareVersion,
            DeviceModel = DeviceModel,
            RequestTimeout = RequestTimeout,
            ConnectTimeout = ConnectTimeout,
            AcceptSelfSignedCertificate = AcceptSelfSignedCertificate,
            CertificateFingerprint = CertificateFingerprint,
            LoggerFactory = LoggerFactory,
            TimeProvider = TimeProvider,
            ConfigureHttpHandler = ConfigureHttpHandler,
        };
        foreach (var (name, value) in RequestHeaders)
        {
            copy.RequestHeaders[name] = value;
        }

        Hid.CopyTo(copy.Hid);
        Video.CopyTo(copy.Video);
        return copy;
    }
}
