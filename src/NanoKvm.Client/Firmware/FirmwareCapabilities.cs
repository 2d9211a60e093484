namespace NanoKvm.Client;

/// <summary>
/// What a firmware version does on the wire. Every behaviour that differs between versions is read from here,
/// so a pinned or detected version changes behaviour in one place. Unknown newer versions get the newest behaviour.
/// The device model (<see cref="DeviceModel"/>) comes first: a NanoKVM-Pro's 1.x numbers are never compared with the
/// Cube's 2.x gates.
/// </summary>
public sealed partial class FirmwareCapabilities
{
    private static readonly FirmwareVersion V2_2_1 = new(2, 2, 1);
    private static readonly FirmwareVersion V2_2_3 = new(2, 2, 3);
    private static readonly FirmwareVersion V2_2_5 = new(2, 2, 5);
    private static readonly FirmwareVersion V2_2_7 = new(2, 2, 7);
    private static readonly FirmwareVersion V2_2_8 = new(2, 2, 8);
    private static readonly FirmwareVersion V2_3_0 = new(2, 3, 0);
    private static readonly FirmwareVersion V2_3_1 = new(2, 3, 1);
    private static readonly FirmwareVersion V2_3_2 = new(2, 3, 2);
    private static readonly FirmwareVersion V2_3_5 = new(2, 3, 5);
    private static readonly FirmwareVersion V2_4_1 = new(2, 4, 1);
    private static readonly FirmwareVersion V2_4_2 = new(2, 4, 2);
    private static readonly FirmwareVersion V2_5_0 = new(2, 5, 0);
    private static readonly FirmwareVersion V2_5_1 = new(2, 5, 1);

    private FirmwareCapabilities(FirmwareVersion version)
    {
        Version = version;
        Model = DeviceModel.Cube;
        DeviceName = "NanoKVM " + version.ToString();
        PasswordEncoding = LoginPasswordEncoding.CubeObfuscated;
        HasScreenSettings = true;
        HasFrameDetection = true;
        HidModeSwitchReboots = true;
        ImageDirectories = ["/data"];
        DownloadEndpoint = "/api/download/image";
        HasCdRomEndpoint = version >= V2_2_1;
        HidEncoding = version >= V2_3_2 ? HidEncoding.BinaryReports : HidEncoding.JsonArrays;
        LoginTokenStyle = version >= V2_5_1 ? LoginTokenStyle.HttpOnlyCookie : LoginTokenStyle.ResponseBody;
        PasteLimitUnit = version >= V2_5_0 ? PasteLimitUnit.Runes : PasteLimitUnit.Utf8Bytes;
        PasteLimit = version >= V2_5_0 ? 833 : 1024;
        PasteMaxDuration = version >= V2_5_0 ? TimeSpan.FromSeconds(25) : null;
        PasteCharacterDelay = version >= V2_3_0 ? TimeSpan.FromMilliseconds(30) : TimeSpan.FromMilliseconds(50);
        PasteLanguages = version >= V2_5_0 ? ["us", "de", "fr"] : version >= V2_3_0 ? ["us", "de"] : ["us"];
        MjpegHasContentLength = version >= V2_3_0;
        H264DirectFraming = version >= V2_5_0 ? H264DirectFraming.BinaryWithFlowControl
            : version >= V2_3_0 ? H264DirectFraming.Binary
            : version >= V2_2_7 ? H264DirectFraming.JsonBase64
            : H264DirectFraming.Unsupported;
        HidHeartbeatRequired = version >= V2_5_0;
        RevokedSocketsCloseWith4401 = version >= V2_5_1;
        ChecksWebSocketOrigin = version >= V2_5_1;
        HasRoles = version >= V2_5_1;
        HasKeyboardLeds = version >= V2_5_0;
        HasCaptureStatus = version >= V2_4_2;
        HasImageDelete = version >= V2_3_0;
        HasDownloadCancel = version >= V2_5_0;
        HasDownloadChecksum = version >= V2_5_0;
        DownloadReportsOutcome = version >= V2_5_0;
        HasCdRomMode = version >= V2_2_1;
        HasHidMode = version >= V2_2_5;
        HasHdmiSignal = version >= V2_5_1;
        HasHdmiApi = version >= V2_2_8;
        HasHdmiIdleTimeout = version >= V2_5_0;
        HasLoginLockout = version >= V2_3_5;
        ReleasesHidOnDisconnect = version >= V2_4_1;
        AbsoluteMouseHasBackForward = version >= V2_3_2;
        KeyboardMaxUsage = version >= V2_3_2 ? (byte)0xE7 : (byte)0x65;
        JsonWheelPositiveScrollsDown = version < V2_3_1;
        FrameDetectionToggles = version < V2_2_3;
        MountsIsoAsCdRomBySuffix = version < V2_2_1;
    }

    /// <summary>The version these capabilities describe.</summary>
    public FirmwareVersion Version { get; }

    /// <summary>How HID reports are encoded on <c>/api/ws</c>.</summary>
    public HidEncoding HidEncoding { get; }

    /// <summary>How login returns the session token.</summary>
    public LoginTokenStyle LoginTokenStyle { get; }

    /// <summary>Largest paste request the device accepts, in <see cref="PasteLimitUnit"/>.</summary>
    public int PasteLimit { get; }

    /// <summary>Unit of <see cref="PasteLimit"/>.</summary>
    public PasteLimitUnit PasteLimitUnit { get; }

    /// <summary>Longest a single paste may take on the device (25 s from 2.5.0), or null when unlimited.</summary>
    public TimeSpan? PasteMaxDuration { get; }

    /// <summary>How long the paste endpoint spends per character (30 ms from 2.3.0, 50 ms before); the request blocks that long.</summary>
    public TimeSpan PasteCharacterDelay { get; }

    /// <summary>Keyboard layouts the paste endpoint knows (<c>us</c> is the device's default map).</summary>
    public IReadOnlyList<string> PasteLanguages { get; }

    /// <summary>Whether MJPEG parts carry a <c>Content-Length</c> header (2.3.0 and later).</summary>
    public bool MjpegHasContentLength { get; }

    /// <summary>Framing of the direct H.264 WebSocket.</summary>
    public H264DirectFraming H264DirectFraming { get; }

    /// <summary>Whether <c>/api/ws</c> closes after 90 s without client data, so a heartbeat is required (2.5.0+).</summary>
    public bool HidHeartbeatRequired { get; }

    /// <summary>Whether WebSockets of a revoked or expired session are closed with code 4401 (2.5.1+).</summary>
    public bool RevokedSocketsCloseWith4401 { get; }

    /// <summary>Whether WebSocket upgrades with a foreign <c>Origin</c> header are refused (2.5.1+).</summary>
    public bool ChecksWebSocketOrigin { get; }

    /// <summary>Whether accounts have admin/user roles, with admin-only endpoints answering 403 (2.5.1+).</summary>
    public bool HasRoles { get; }

    /// <summary>Whether the device reports keyboard LED state (<c>GET /api/hid/leds</c>, 2.5.0+).</summary>
    public bool HasKeyboardLeds { get; }

    /// <summary>Whether the device pushes <c>capture-status</c> messages on <c>/api/ws</c> (2.4.2+).</summary>
    public bool HasCaptureStatus { get; }

    /// <summary>Whether images can be deleted (<c>POST /api/storage/image/delete</c>, 2.3.0+).</summary>
    public bool HasImageDelete { get; }

    /// <summary>Whether an image download can be cancelled (2.5.0+).</summary>
    public bool HasDownloadCancel { get; }

    /// <summary>Whether an image download can be verified against a SHA-256 sum (<c>sha256sum</c>, 2.5.0+).</summary>
    public bool HasDownloadChecksum { get; }

    /// <summary>
    /// Whether the download status reports how a transfer ended (<c>success</c>, <c>failed</c>,
    /// <c>checksum_failed</c>; 2.5.0+). Older firmware only says <c>idle</c> or <c>in_progress</c>.
    /// </summary>
    public bool DownloadReportsOutcome { get; }

    /// <summary>Whether images can be mounted as a CD-ROM (<c>cdrom</c> flag, <c>GET /api/storage/cdrom</c>; 2.2.1+).</summary>
    public bool HasCdRomMode { get; }

    /// <summary>Whether the USB HID mode can be read and switched (<c>/api/hid/mode</c>, 2.2.5+).</summary>
    public bool HasHidMode { get; }

    /// <summary>Whether <c>GET /api/vm/hdmi</c> reports the input signal (2.5.1+).</summary>
    public bool HasHdmiSignal { get; }

    /// <summary>Whether the device has the HDMI state/reset/enable/disable API (<c>/api/vm/hdmi</c>, 2.2.8+).</summary>
    public bool HasHdmiApi { get; }

    /// <summary>Whether HDMI capture stops after an idle timeout and reports it (<c>idleTimeout</c>, 2.5.0+).</summary>
    public bool HasHdmiIdleTimeout { get; }

    /// <summary>Whether the device can lock logins after repeated failures (2.3.5+, off by default).</summary>
    public bool HasLoginLockout { get; }

    /// <summary>Whether the device itself releases held keys when a WebSocket closes (2.4.1+).</summary>
    public bool ReleasesHidOnDisconnect { get; }

    /// <summary>Whether the absolute pointer has back/forward buttons (2.3.2+ descriptors, after a device reboot).</summary>
    public bool AbsoluteMouseHasBackForward { get; }

    /// <summary>Highest keyboard usage the device's HID descriptor accepts.</summary>
    public byte KeyboardMaxUsage { get; }

    /// <summary>
    /// Whether a JSON scroll message with a positive <c>y</c> turns the wheel down (firmware up to 2.3.0). From 2.3.1
    /// (commit 2d575b9) a positive <c>y</c> turns it up, as the binary reports of 2.3.2+ do.
    /// </summary>
    public bool JsonWheelPositiveScrollsDown { get; }

    /// <summary>
    /// Whether <c>POST /api/stream/mjpeg/detect</c> ignores its body and toggles frame detection, with
    /// <c>GET /api/stream/mjpeg/detect</c> reading it (2.2.0–2.2.2). From 2.2.3 the POST takes <c>{enabled}</c> and
    /// the state cannot be read.
    /// </summary>
    public bool FrameDetectionToggles { get; }

    /// <summary>
    /// Whether a mount decides CD-ROM or disk by the file name alone (2.2.0): every <c>.iso</c> becomes a read-only
    /// CD-ROM, every other file a disk, whatever the request asks.
    /// </summary>
    public bool MountsIsoAsCdRomBySuffix { get; }

    /// <summary>Returns the capabilities of a NanoKVM (Cube/PCIe/Lite) firmware version.</summary>
    /// <param name="version">The application version.</param>
    /// <returns>The capabilities.</returns>
    public static FirmwareCapabilities For(FirmwareVersion version) => new(version);

    /// <summary>Returns the capabilities of a device model running an application version.</summary>
    /// <param name="model">The device family.</param>
    /// <param name="version">The application version (2.x on a Cube, 1.x on a Pro).</param>
    /// <returns>The capabilities.</returns>
    public static FirmwareCapabilities For(DeviceModel model, FirmwareVersion version) =>
        model == DeviceModel.Pro ? ForPro(version) : new(version);
}
