namespace NanoKvm.Emulator.Video;

/// <summary>
/// The device's global screen parameters (<c>server/common/screen.go</c>): shared by every viewer and stream type,
/// kept only in memory, back to the defaults whenever the server restarts.
/// </summary>
public sealed class CaptureSettings
{
    private static readonly Dictionary<int, int> Widths = new() { [1080] = 1920, [720] = 1280, [600] = 800, [480] = 640, [0] = 0 };
    private static readonly int[] Qualities = [100, 80, 60, 50];
    private static readonly int[] Bitrates = [5000, 3000, 2000, 1000];

    /// <summary>Output height (1080, 720, 600, 480) or 0 to follow the HDMI input.</summary>
    public int Height { get; private set; }

    /// <summary>Output width matching <see cref="Height"/>, or 0 to follow the input.</summary>
    public int Width { get; private set; }

    /// <summary>MJPEG JPEG quality as set (a value outside 100/80/60/50 becomes 80 when a stream starts).</summary>
    public int Quality { get; private set; } = 80;

    /// <summary>Capture loop frame rate, 10–60.</summary>
    public int Fps { get; private set; } = 30;

    /// <summary>H.264 keyframe interval in frames.</summary>
    public int Gop { get; private set; } = 30;

    /// <summary>H.264 bitrate in kbps.</summary>
    public int Bitrate { get; private set; } = 3000;

    internal void Reset()
    {
        Height = 0;
        Width = 0;
        Quality = 80;
        Fps = 30;
        Gop = 30;
        Bitrate = 3000;
    }

    /// <summary>What <c>common.SetScreen</c> does with one key.</summary>
    internal void Apply(string key, int value)
    {
        switch (key)
        {
            case "resolution":
                if (Widths.TryGetValue(value, out var width))
                {
                    Height = value;
                    Width = width;
                }

                break;
            case "quality":
                if (value > 100)
                {
                    Bitrate = value;
                }
                else
                {
                    Quality = value;
                }

                break;
            case "fps":
                Fps = Math.Clamp(value, 10, 60);
                break;
            case "gop":
                Gop = value is >= 1 and <= 100 ? value : 30;
                break;
        }
    }

    /// <summary><c>common.CheckScreen</c>, run when a stream loop starts: odd values fall back to the defaults.</summary>
    internal void Normalize()
    {
        if (!Widths.ContainsKey(Height))
        {
            Height = 1080;
            Width = 1920;
        }

        if (!Qualities.Contains(Quality))
        {
            Quality = 80;
        }

        if (!Bitrates.Contains(Bitrate))
        {
            Bitrate = 3000;
        }
    }
}
