namespace NanoKvm.Client;

/// <summary>
/// The NanoKVM-Pro / Desk capability model and the properties that tell the two families apart. Each Pro value is
/// read from the Pro server source (github:sipeed/NanoKVM-Pro; docs/pro.md cites file and commit).
/// </summary>
public sealed partial class FirmwareCapabilities
{
    private static readonly FirmwareVersion Pro1_2_6 = new(1, 2, 6);
    private static readonly FirmwareVersion Pro1_2_8 = new(1, 2, 8);
    private static readonly FirmwareVersion Pro1_2_15 = new(1, 2, 15);

    private FirmwareCapabilities(FirmwareVersion version, DeviceModel model)
    {
        Version = version;
        Model = model;
        DeviceName = "NanoKVM-Pro " + version.ToString();

        // 1.2.6 (77c626c) sends the password in plaintext; 1.2.4 obfuscates it under the Pro's own key.
        PasswordEncoding = version >= Pro1_2_6 ? LoginPasswordEncoding.Plaintext : LoginPasswordEncoding.ProObfuscated;
        LoginTokenStyle = LoginTokenStyle.ResponseBody;

        // service/ws: binary reports from 1.2.6 (11f884e), no read deadline, no pushes, no release on close.
        HidEncoding = version >= Pro1_2_6 ? HidEncoding.BinaryReports : HidEncoding.JsonArrays;
        EmptyHidFrameDropsSocket = version >= Pro1_2_6 && version < Pro1_2_15;

        // service/hid/mouse.go @1d2089f (1.2.4): a JSON scroll with y > 0 writes 0xFF (down).
        JsonWheelPositiveScrollsDown = version < Pro1_2_6;
        KeyboardMaxUsage = 0xE7;
        AbsoluteMouseHasBackForward = true;

        // service/hid/paste.go: 1024 bytes, 50 ms per character, the US map only, no duration limit.
        PasteLimit = 1024;
        PasteLimitUnit = PasteLimitUnit.Utf8Bytes;
        PasteCharacterDelay = TimeSpan.FromMilliseconds(50);
        PasteLanguages = ["us"];
        PasteStopsOnDisconnect = false;

        // service/stream: MJPEG parts with Content-Length; one device-wide encoder; settings under /api/stream/*.
        MjpegHasContentLength = true;
        MjpegTakesOverEncoder = true;
        H264DirectFraming = H264DirectFraming.Binary;
        HasStreamSettings = true;
        HasStreamFps = version >= Pro1_2_8;
        HasStreamRateControl = version >= Pro1_2_6;

        HasHdmiSwitches = true;
        HasImageDelete = true;
        HasReadOnlyMount = true;
        HasCdRomMode = true;
        ImageDirectories = ["/data", "/sdcard"];
        DownloadEndpoint = "/api/storage/download/image";
        HasHidMode = true;
        AcceptsBearerToken = true;
    }

    /// <summary>The device family: a NanoKVM (Cube/PCIe/Lite, app 2.x) or a NanoKVM-Pro/Desk (app 1.x).</summary>
    public DeviceModel Model { get; }

    /// <summary>How the device is named in messages, e.g. <c>NanoKVM 2.5.1</c> or <c>NanoKVM-Pro 1.2.15</c>.</summary>
    public string DeviceName { get; }

    /// <summary>How the login's password field is encoded.</summary>
    public LoginPasswordEncoding PasswordEncoding { get; }

    /// <summary>Whether <c>Authorization: Bearer</c> is read (Pro; only when no <c>nano-kvm-token</c> cookie is sent).</summary>
    public bool AcceptsBearerToken { get; }

    /// <summary>Whether <c>POST /api/vm/screen</c> sets resolution, quality, fps and GOP (Cube).</summary>
    public bool HasScreenSettings { get; }

    /// <summary>Whether the write-only <c>/api/stream/{mode,quality,gop}</c> settings exist (Pro).</summary>
    public bool HasStreamSettings { get; }

    /// <summary>Whether <c>POST /api/stream/fps</c> exists (Pro 1.2.8+).</summary>
    public bool HasStreamFps { get; }

    /// <summary>Whether <c>POST /api/stream/rate-control</c> exists (Pro 1.2.6+).</summary>
    public bool HasStreamRateControl { get; }

    /// <summary>Whether MJPEG frame detection can be switched (Cube; the Pro removed it in 1.2.0).</summary>
    public bool HasFrameDetection { get; }

    /// <summary>
    /// Whether opening MJPEG switches the device's one encoder to MJPEG (Pro): a browser's H.264 view stops, and a
    /// browser that opens H.264 later silences the MJPEG stream.
    /// </summary>
    public bool MjpegTakesOverEncoder { get; }

    /// <summary>Whether HDMI capture and loop-out can be switched (<c>/api/vm/hdmi/{capture,passthrough}</c>, Pro).</summary>
    public bool HasHdmiSwitches { get; }

    /// <summary>Whether a disk image can be mounted read-only without being a CD-ROM (Pro).</summary>
    public bool HasReadOnlyMount { get; }

    /// <summary>Whether <c>GET /api/storage/cdrom</c> exists (Cube 2.2.1+; the Pro reports it in the mounted state).</summary>
    public bool HasCdRomEndpoint { get; }

    /// <summary>Directories the device lists images from (<c>/data</c>; the Pro adds <c>/sdcard</c>).</summary>
    public IReadOnlyList<string> ImageDirectories { get; }

    /// <summary>Whether switching the USB HID mode reboots the device (Cube) or answers after ~3 s without one (Pro).</summary>
    public bool HidModeSwitchReboots { get; }

    /// <summary>Whether the device keeps typing a paste after the client disconnects (Pro: true; it cannot be stopped).</summary>
    public bool PasteStopsOnDisconnect { get; } = true;

    /// <summary>Whether an empty WebSocket frame drops the HID connection (Pro 1.2.6–1.2.14); the SDK never sends one.</summary>
    public bool EmptyHidFrameDropsSocket { get; }

    internal string DownloadEndpoint { get; }

    private static FirmwareCapabilities ForPro(FirmwareVersion version) => new(version, DeviceModel.Pro);
}

/// <summary>The device family, which decides the API family before any version gate.</summary>
public enum DeviceModel
{
    /// <summary>NanoKVM Cube, PCIe or Lite (application 2.x).</summary>
    Cube,

    /// <summary>NanoKVM-Pro, Desk or ATX (application 1.x; <c>GET /api/vm/hardware</c> answers <c>Pro</c>).</summary>
    Pro,
}

/// <summary>How the login's password field is encoded.</summary>
public enum LoginPasswordEncoding
{
    /// <summary>CryptoJS AES under the Cube's key, percent-encoded (NanoKVM 2.x).</summary>
    CubeObfuscated,

    /// <summary>The same scheme under the Pro's key <c>nanokvmpro-sipeed-2025</c> (Pro 1.2.4).</summary>
    ProObfuscated,

    /// <summary>The password itself (Pro 1.2.6+; the device compares it with bcrypt).</summary>
    Plaintext,
}
