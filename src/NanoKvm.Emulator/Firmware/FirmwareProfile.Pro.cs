namespace NanoKvm.Emulator.Firmware;

/// <summary>
/// The NanoKVM-Pro / NanoKVM-Desk releases (AX630C, app 1.x). Same server lineage as the Cube, but its own API
/// family: the flags below are read from the Pro source (github:sipeed/NanoKVM-Pro, 1.2.14/1.2.15 from the fork
/// mrjeeves/NanoKVM-Pro), never derived from the Cube's 2.x version gates.
/// </summary>
public sealed partial class FirmwareProfile
{
    private FirmwareProfile(EmulatedModel model, string name, int patch)
    {
        Name = name;
        Application = "1.2." + patch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Model = model;
        Ordinal = (1 * 1000 + 2) * 1000 + patch;

        // server/service/auth/login.go @1.2.6 (77c626c): bcrypt against the plain field; @1d2089f (1.2.4) the
        // CryptoJS blob under "nanokvmpro-sipeed-2025" (server/utils/encrypt.go).
        LoginPassword = patch >= 6 ? LoginPasswordScheme.Plaintext : LoginPasswordScheme.ProAes;
        LoginDelaysFailures = true;
        AcceptsBearerToken = true;

        // service/ws/client.go: binary reports from 1.2.6 (11f884e), no read deadline, no pushes, no release on close;
        // an empty frame panics the handler on 1.2.6-1.2.14 (fixed in f76e3d2, 1.2.15).
        BinaryHid = patch >= 6;
        LegacyWheelPositiveIsDown = patch < 6;
        EmptyHidFramePanics = patch is >= 6 and < 15;
        KeyboardMaxUsage = 0xE7;
        AbsoluteButtons = 5;

        // service/hid/paste.go @1.2.15: 1024 bytes, 50 ms per character, US map only (langue ignored).
        PasteLimitBytes = 1024;
        PasteCharacterDelay = TimeSpan.FromMilliseconds(50);
        PasteLanguages = [];

        MjpegContentLength = true;
        MjpegOwnsEncoder = true;
        H264Direct = H264DirectMode.Binary;
        HasImageDelete = true;
        HasHidMode = true;
        HidModeReboots = false;
    }

    /// <summary>NanoKVM-Pro 1.2.4, the first published source: password under the Pro AES key, JSON HID arrays.</summary>
    public static FirmwareProfile Pro_1_2_4 { get; } = new(EmulatedModel.Pro, "pro-1.2.4", 4);

    /// <summary>NanoKVM-Pro 1.2.6: plaintext password, binary HID; an empty WebSocket frame drops the connection.</summary>
    public static FirmwareProfile Pro_1_2_6 { get; } = new(EmulatedModel.Pro, "pro-1.2.6", 6);

    /// <summary>NanoKVM-Pro 1.2.15, the newest readable source: empty WebSocket frames are ignored.</summary>
    public static FirmwareProfile Pro_1_2_15 { get; } = new(EmulatedModel.Pro, "pro-1.2.15", 15);

    /// <summary>Every NanoKVM-Pro profile, oldest first.</summary>
    public static IReadOnlyList<FirmwareProfile> ProAll { get; } = [Pro_1_2_4, Pro_1_2_6, Pro_1_2_15];

    /// <summary>Which device family the profile imitates.</summary>
    public EmulatedModel Model { get; }

    /// <summary>True for the NanoKVM-Pro / Desk family.</summary>
    public bool IsPro => Model == EmulatedModel.Pro;

    /// <summary>How the login's password field is encoded.</summary>
    public LoginPasswordScheme LoginPassword { get; }

    /// <summary>The session check reads <c>Authorization: Bearer</c> when no <c>nano-kvm-token</c> cookie is present (Pro).</summary>
    public bool AcceptsBearerToken { get; }

    /// <summary><c>POST /api/hid/mode</c> reboots the device (Cube); the Pro re-runs its USB script and answers after 3 s.</summary>
    public bool HidModeReboots { get; }

    /// <summary>MJPEG frame detection routes exist (<c>/api/stream/mjpeg/detect*</c>; removed on the Pro in 1.2.0).</summary>
    public bool HasFrameDetection { get; }

    /// <summary><c>POST /api/vm/screen</c> and the Cube's <c>/api/vm/hdmi*</c> routes exist.</summary>
    public bool HasScreenSettings { get; }

    /// <summary>
    /// One device-wide encoder "stream type": opening MJPEG switches it to MJPEG, a browser's H.264 switches it away and
    /// MJPEG viewers then receive nothing (Pro <c>common/kvm_vision.go</c>).
    /// </summary>
    public bool MjpegOwnsEncoder { get; }
}

/// <summary>The device family a profile imitates.</summary>
public enum EmulatedModel
{
    /// <summary>NanoKVM Cube, PCIe and Lite (app 2.x).</summary>
    Cube,

    /// <summary>NanoKVM-Pro, Desk and ATX (app 1.x).</summary>
    Pro,
}

/// <summary>How the device decodes the login password field.</summary>
public enum LoginPasswordScheme
{
    /// <summary>CryptoJS AES under <c>nanokvm-sipeed-2024</c>, URL-escaped (Cube).</summary>
    CubeAes,

    /// <summary>The same scheme under <c>nanokvmpro-sipeed-2025</c> (Pro 1.2.4).</summary>
    ProAes,

    /// <summary>The password itself (Pro 1.2.6+).</summary>
    Plaintext,
}
