namespace NanoKvm.Emulator.Pro;

/// <summary>
/// The Pro's one device-wide encoder (<c>common/kvm_vision.go</c> @1.2.15) and its write-only settings. Every stream
/// loop sends frames only while the stream type is its own: opening MJPEG claims it, a browser's H.264 takes it back.
/// On Cube profiles the stream type never leaves MJPEG, so nothing changes there.
/// </summary>
public sealed class StreamEncoder
{
    private readonly bool _owned;
    private readonly object _gate = new();
    private readonly List<string> _writes = [];
    private string _streamType = "h264-webrtc";

    internal StreamEncoder(bool owned)
    {
        _owned = owned;
        if (!owned)
        {
            _streamType = "mjpeg";
        }
    }

    /// <summary>The stream type: <c>mjpeg</c>, <c>h264-webrtc</c> (the Pro's default), <c>h264-direct</c>, <c>h265-*</c>.</summary>
    public string StreamType
    {
        get
        {
            lock (_gate)
            {
                return _streamType;
            }
        }
    }

    /// <summary>True while MJPEG viewers receive frames.</summary>
    public bool IsMjpeg => StreamType == "mjpeg";

    /// <summary>JPEG quality (1–100) or H.264 bitrate in kbps (101–20000); default 80.</summary>
    public int Quality { get; private set; } = 80;

    /// <summary>Frame rate, 0 = the device default.</summary>
    public int Fps { get; private set; }

    /// <summary>H.264 group of pictures; default 50.</summary>
    public int Gop { get; private set; } = 50;

    /// <summary><c>cbr</c> or <c>vbr</c>.</summary>
    public string RateControl { get; private set; } = "vbr";

    /// <summary>Every accepted settings write, as <c>name=value</c>, in order.</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>What a browser opening the H.264 view does: the encoder leaves MJPEG and MJPEG viewers go silent.</summary>
    public void SimulateBrowserH264() => SetStreamType("h264-webrtc");

    internal void ClaimForMjpeg()
    {
        if (_owned)
        {
            SetStreamType("mjpeg");
        }
    }

    internal void SetStreamType(string type)
    {
        lock (_gate)
        {
            _streamType = type;
        }
    }

    internal void Record(string name, string value, Action apply)
    {
        lock (_gate)
        {
            apply();
            _writes.Add(name + "=" + value);
        }
    }

    internal void SetQuality(int value) => Record("quality", value.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Quality = value);

    internal void SetFps(int value) => Record("fps", value.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Fps = value);

    internal void SetGop(int value) => Record("gop", value.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Gop = value);

    internal void SetRateControl(string value) => Record("rate-control", value, () => RateControl = value);

    internal void SetMode(string value) => Record("mode", value, () => _streamType = value);
}
