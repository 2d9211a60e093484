namespace NanoKvm.Emulator.Firmware;

/// <summary>
/// A firmware release the emulator imitates. Every server behaviour that changed between releases is switched by a
/// flag here, named after what the device does (not after what a client should do).
/// </summary>
public sealed partial class FirmwareProfile
{
    private FirmwareProfile(string name, string application, int major, int minor, int patch)
    {
        Name = name;
        Application = application;
        Ordinal = (major * 1000 + minor) * 1000 + patch;
        Model = EmulatedModel.Cube;
        LoginPassword = LoginPasswordScheme.CubeAes;
        HidModeReboots = true;
        HasFrameDetection = true;
        HasScreenSettings = true;
        var v = Ordinal;
        LoginDelaysFailures = v >= At(2, 3, 0);
        LockoutAvailable = v >= At(2, 3, 5);
        LoginSetsCookieOnly = v >= At(2, 5, 1);
        HasRoles = v >= At(2, 5, 1);
        BinaryHid = v >= At(2, 3, 2);
        HidReadDeadline = v >= At(2, 5, 0) ? TimeSpan.FromSeconds(90) : null;
        ClosesRevokedSocketsWith4401 = v >= At(2, 5, 1);
        ChecksWebSocketOrigin = v >= At(2, 5, 1);
        PushesLedStatus = v >= At(2, 5, 0);
        PushesCaptureStatus = v >= At(2, 4, 2);
        ReleasesHidOnClose = v >= At(2, 4, 1);
        PasteLimitRunes = v >= At(2, 5, 0) ? 833 : null;
        PasteLimitBytes = v >= At(2, 5, 0) ? null : 1024;
        // server/service/hid/paste.go sleeps 50 ms per character up to 2.2.9 and 30 ms from 2.3.0.
        PasteCharacterDelay = v >= At(2, 3, 0) ? TimeSpan.FromMilliseconds(30) : TimeSpan.FromMilliseconds(50);
        PasteLanguages = v >= At(2, 5, 0) ? ["de", "fr"] : v >= At(2, 3, 0) ? ["de"] : [];
        MjpegContentLength = v >= At(2, 3, 0);
        H264Direct = v >= At(2, 3, 0) ? (v >= At(2, 5, 0) ? H264DirectMode.BinaryWithFlow : H264DirectMode.Binary)
            : v >= At(2, 2, 7) ? H264DirectMode.JsonBase64 : H264DirectMode.None;
        HasImageDelete = v >= At(2, 3, 0);
        HasDownloadCancel = v >= At(2, 5, 0);
        DownloadReportsFinalStatus = v >= At(2, 5, 0);
        HasKeyboardLedsEndpoint = v >= At(2, 5, 0);
        HdmiReportsIdleTimeout = v >= At(2, 5, 0);
        HdmiReportsSignal = v >= At(2, 5, 1);
        KeyboardMaxUsage = v >= At(2, 3, 2) ? 0xE7 : 0x65;
        AbsoluteButtons = v >= At(2, 3, 2) ? 5 : 3;
        EmptyHidFramePanics = v >= At(2, 3, 2) && v < At(2, 4, 0);

        // server/service/hid/mouse.go mouseScroll: `if event[3] > 0 { direction = -0x1 }` up to 2.3.0; commit 2d575b9
        // (first in 2.3.1) tests `event[3] < 0` instead.
        LegacyWheelPositiveIsDown = v < At(2, 3, 1);

        // server/service/stream/mjpeg/frame-detect.go at 2.2.0-2.2.2: a flag file that POST toggles and GET reads;
        // 2.2.3 replaced it with SetFrameDetect({enabled}) and dropped the GET route (server/router/stream.go).
        FrameDetectIsToggledFlagFile = v < At(2, 2, 3);

        // server/service/storage/image.go MountImage at 2.2.0 sets ro+cdrom from the ".iso" suffix; the request's
        // cdrom field and GET /api/storage/cdrom arrive in 2.2.1 (server/proto/storage.go, server/router/storage.go).
        MountsIsoAsCdRomBySuffix = v < At(2, 2, 1);
        HasCdRomEndpoint = v >= At(2, 2, 1);

        // server/router/hid.go: /hid/mode from 2.2.5; server/router/vm.go: GET /vm/hdmi, /vm/hdmi/enable|disable from
        // 2.2.8, while POST /vm/hdmi/reset is routed on every 2.x release.
        HasHidMode = v >= At(2, 2, 5);
        HasHdmiState = v >= At(2, 2, 8);
    }

    /// <summary>
    /// Firmware 2.2.0, the oldest 2.x release: JSON HID with the old wheel sign, frame detection toggled by a flag file
    /// (readable with <c>GET /api/stream/mjpeg/detect</c>), <c>.iso</c> mounted as CD-ROM by suffix, no CD-ROM flag,
    /// HID mode or HDMI state routes, no direct H.264.
    /// </summary>
    public static FirmwareProfile V2_2_0 { get; } = new("2.2.0", "2.2.0", 2, 2, 0);

    /// <summary>Firmware 2.2.x (2.2.9): JSON HID, MJPEG parts without Content-Length, JSON direct H.264.</summary>
    public static FirmwareProfile V2_2 { get; } = new("2.2.x", "2.2.9", 2, 2, 9);

    /// <summary>Firmware 2.3.0: as 2.3.1 but with the old wheel sign (a positive JSON <c>y</c> scrolls down).</summary>
    public static FirmwareProfile V2_3_0 { get; } = new("2.3.0", "2.3.0", 2, 3, 0);

    /// <summary>Firmware 2.3.1: the last JSON-HID release; MJPEG Content-Length, binary direct H.264.</summary>
    public static FirmwareProfile V2_3_1 { get; } = new("2.3.1", "2.3.1", 2, 3, 1);

    /// <summary>Firmware 2.4.x (2.4.3): binary HID, no heartbeat deadline, paste limit 1024 bytes.</summary>
    public static FirmwareProfile V2_4 { get; } = new("2.4.x", "2.4.3", 2, 4, 3);

    /// <summary>Firmware 2.5.0: 90 s HID read deadline, keyboard LEDs, paste 833 runes, H.264 flow control.</summary>
    public static FirmwareProfile V2_5_0 { get; } = new("2.5.0", "2.5.0", 2, 5, 0);

    /// <summary>Firmware 2.5.1 (multi-user): cookie-only login, roles, Origin check, close code 4401.</summary>
    public static FirmwareProfile V2_5_1 { get; } = new("2.5.1", "2.5.1", 2, 5, 1);

    /// <summary>Every NanoKVM (Cube/PCIe/Lite, app 2.x) profile, oldest first. The Pro profiles are in <see cref="ProAll"/>.</summary>
    public static IReadOnlyList<FirmwareProfile> All { get; } = [V2_2_0, V2_2, V2_3_0, V2_3_1, V2_4, V2_5_0, V2_5_1];

    /// <summary>Profile name as used on the command line: <c>2.2.0</c>, <c>2.2.x</c>, <c>2.3.0</c>, <c>2.3.1</c>, <c>2.4.x</c>, <c>2.5.0</c>, <c>2.5.1</c>.</summary>
    public string Name { get; }

    /// <summary>The application version the device reports in <c>GET /api/vm/info</c>.</summary>
    public string Application { get; }

    internal int Ordinal { get; }

    /// <summary>A failed login answers only after a delay (from 2.3.0).</summary>
    public bool LoginDelaysFailures { get; }
    /// <summary>The device can lock logins after repeated failures (from 2.3.5).</summary>
    public bool LockoutAvailable { get; }
    /// <summary>A login returns the token only as a cookie, not in the body (from 2.5.1).</summary>
    public bool LoginSetsCookieOnly { get; }
    /// <summary>Accounts have roles and non-admin users are refused admin routes (from 2.5.1).</summary>
    public bool HasRoles { get; }
    /// <summary>The HID WebSocket takes binary reports instead of JSON arrays (from 2.3.2).</summary>
    public bool BinaryHid { get; }
    /// <summary>How long the HID socket waits for a client message before closing, or null for never (90 s from 2.5.0).</summary>
    public TimeSpan? HidReadDeadline { get; }
    /// <summary>Sockets of a revoked session are closed with code 4401 (from 2.5.1).</summary>
    public bool ClosesRevokedSocketsWith4401 { get; }
    /// <summary>WebSocket upgrades with a foreign Origin are refused (from 2.5.1).</summary>
    public bool ChecksWebSocketOrigin { get; }
    /// <summary>The HID socket pushes keyboard LED changes (from 2.5.0).</summary>
    public bool PushesLedStatus { get; }
    /// <summary>The HID socket pushes HDMI capture status changes (from 2.4.2).</summary>
    public bool PushesCaptureStatus { get; }
    /// <summary>Closing the HID socket releases every held key and button (from 2.4.1).</summary>
    public bool ReleasesHidOnClose { get; }
    /// <summary>Longest paste in characters, or null when the limit is in bytes (833 from 2.5.0).</summary>
    public int? PasteLimitRunes { get; }
    /// <summary>Longest paste in bytes, or null when the limit is in characters (1024 before 2.5.0).</summary>
    public int? PasteLimitBytes { get; }
    /// <summary>Time the device waits after each pasted character.</summary>
    public TimeSpan PasteCharacterDelay { get; }
    /// <summary>Keyboard layouts the paste endpoint accepts besides US English.</summary>
    public IReadOnlyList<string> PasteLanguages { get; }
    /// <summary>MJPEG parts carry a Content-Length header (from 2.3.0).</summary>
    public bool MjpegContentLength { get; }
    /// <summary>How <c>/api/stream/h264/direct</c> frames its data.</summary>
    public H264DirectMode H264Direct { get; }
    /// <summary>Images can be deleted over the API (from 2.3.0).</summary>
    public bool HasImageDelete { get; }
    /// <summary>An image download can be cancelled (from 2.5.0).</summary>
    public bool HasDownloadCancel { get; }
    /// <summary>The download status reports how the last download ended (from 2.5.0).</summary>
    public bool DownloadReportsFinalStatus { get; }
    /// <summary><c>GET /api/hid/leds</c> exists (from 2.5.0).</summary>
    public bool HasKeyboardLedsEndpoint { get; }
    /// <summary>The HDMI state includes the idle timeout (from 2.5.0).</summary>
    public bool HdmiReportsIdleTimeout { get; }
    /// <summary>The HDMI state includes whether a signal is present (from 2.5.1).</summary>
    public bool HdmiReportsSignal { get; }
    /// <summary>Highest keyboard HID usage the device forwards.</summary>
    public int KeyboardMaxUsage { get; }
    /// <summary>Number of mouse buttons in absolute reports.</summary>
    public int AbsoluteButtons { get; }
    /// <summary>An empty HID frame crashes the server (2.3.2 to 2.3.x).</summary>
    public bool EmptyHidFramePanics { get; }

    /// <summary>A JSON scroll message with a positive <c>y</c> turns the wheel down (−1); from 2.3.1 it turns it up.</summary>
    public bool LegacyWheelPositiveIsDown { get; }

    /// <summary>
    /// Frame detection is the flag file <c>/etc/kvm/frame_detact</c>: <c>POST /api/stream/mjpeg/detect</c> ignores its
    /// body and toggles it, <c>GET</c> reads it, it survives a server restart (2.2.0–2.2.2).
    /// </summary>
    public bool FrameDetectIsToggledFlagFile { get; }

    /// <summary>A mount ignores the request's <c>cdrom</c> field and mounts <c>.iso</c> files read-only as CD-ROM (2.2.0).</summary>
    public bool MountsIsoAsCdRomBySuffix { get; }

    /// <summary><c>GET /api/storage/cdrom</c> is routed (2.2.1+).</summary>
    public bool HasCdRomEndpoint { get; }

    /// <summary><c>GET/POST /api/hid/mode</c> are routed (2.2.5+).</summary>
    public bool HasHidMode { get; }

    /// <summary><c>GET /api/vm/hdmi</c> and <c>POST /api/vm/hdmi/enable|disable</c> are routed (2.2.8+).</summary>
    public bool HasHdmiState { get; }

    /// <summary>Finds a profile by name (<c>2.4.x</c>) or application version (<c>2.4.3</c>).</summary>
    public static FirmwareProfile Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.Concat(ProAll).FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                || (p.Model == EmulatedModel.Cube && p.Application.Equals(name, StringComparison.OrdinalIgnoreCase)))
            ?? throw new ArgumentException(
                $"Unknown firmware profile '{name}'; use one of {string.Join(", ", All.Concat(ProAll).Select(p => p.Name))}.", nameof(name));
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static int At(int major, int minor, int patch) => (major * 1000 + minor) * 1000 + patch;
}

/// <summary>How the device frames <c>/api/stream/h264/direct</c>.</summary>
public enum H264DirectMode
{
    /// <summary>The route does not exist (before 2.2.7).</summary>
    None,

    /// <summary>JSON messages carrying base64 frames (2.2.7 to 2.2.x).</summary>
    JsonBase64,

    /// <summary>Binary frames (2.3.0 to 2.4.x).</summary>
    Binary,

    /// <summary>Binary frames with flow control messages (from 2.5.0).</summary>
    BinaryWithFlow,
}
