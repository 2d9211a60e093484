using System.Globalization;
using System.Text;
using NanoKvm.Imaging;
using NanoKvm.Imaging.Jpeg;

namespace NanoKvm.Benchmarks.Mjpeg;

/// <summary>
/// A recorded MJPEG stream: real JPEGs of a desktop-like 1080p screen (a window that moves and changes from frame to
/// frame), at the JPEG quality that makes them about <see cref="TargetFrameBytes"/>, framed as multipart parts
/// exactly as the device writes them.
/// </summary>
public sealed class MjpegRecording
{
    /// <summary>Frames in the recording; each benchmark invocation parses this many.</summary>
    public const int FrameCount = 16;

    /// <summary>The frame size the quality is tuned for (the device's 1080p desktop frames are about this size).</summary>
    public const int TargetFrameBytes = 100 * 1024;

    private static readonly Dictionary<(int, int), MjpegRecording> Cache = [];

    private MjpegRecording(byte[][] jpegs, int quality, int width, int height)
    {
        Jpegs = jpegs;
        Quality = quality;
        Width = width;
        Height = height;
    }

    /// <summary>The JPEG files.</summary>
    public IReadOnlyList<byte[]> Jpegs { get; }

    /// <summary>The JPEG quality chosen so the first frame is closest to <see cref="TargetFrameBytes"/>.</summary>
    public int Quality { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Mean JPEG size in bytes.</summary>
    public double MeanJpegBytes => Jpegs.Average(j => (double)j.Length);

    /// <summary>The recording for a screen size, built once per process (encoding takes a few seconds at 1080p).</summary>
    public static MjpegRecording Get(int width = 1920, int height = 1080)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((width, height), out var recording))
            {
                recording = Build(width, height);
                Cache[(width, height)] = recording;
            }

            return recording;
        }
    }

    /// <summary>
    /// The response body: <c>--frame\r\nContent-Type: image/jpeg\r\n[Content-Length: n\r\n]\r\n&lt;jpeg&gt;\r\n</c> per
    /// frame (firmware ≥2.3.0 with Content-Length, ≤2.2.x without), no leading CRLF and no closing boundary. Played
    /// twice in a row it is still a valid body.
    /// </summary>
    public byte[] Multipart(bool contentLength)
    {
        using var body = new MemoryStream();
        foreach (var jpeg in Jpegs)
        {
            var header = contentLength
                ? "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n"
                : "--frame\r\nContent-Type: image/jpeg\r\n\r\n";
            body.Write(Encoding.ASCII.GetBytes(header));
            body.Write(jpeg);
            body.Write("\r\n"u8);
        }

        return body.ToArray();
    }

    private static MjpegRecording Build(int width, int height)
    {
        var target = (long)TargetFrameBytes * width * height / (1920 * 1080);
        var quality = TuneQuality(Frame(width, height, 0), target);
        var jpegs = new byte[FrameCount][];
        for (var i = 0; i < FrameCount; i++)
        {
            jpegs[i] = JpegEncoder.Encode(Frame(width, height, i), quality, ChromaSubsampling.Yuv420);
        }

        return new MjpegRecording(jpegs, quality, width, height);
    }

    /// <summary>Binary search for the quality whose size is closest to the target; size grows with quality.</summary>
    private static int TuneQuality(RgbImage image, long target)
    {
        int low = 10, high = 98;
        var best = (Quality: 80, Distance: long.MaxValue);
        while (low <= high)
        {
            var quality = (low + high) / 2;
            var size = JpegEncoder.Encode(image, quality, ChromaSubsampling.Yuv420).Length;
            var distance = Math.Abs(size - target);
            if (distance < best.Distance)
            {
                best = (quality, distance);
            }

            if (size < target)
            {
                low = quality + 1;
            }
            else
            {
                high = quality - 1;
            }
        }

        return best.Quality;
    }

    /// <summary>
    /// A desktop: smooth gradient wallpaper, a taskbar, three static text windows and one terminal window that moves
    /// and shows different text in each frame (<paramref name="index"/>).
    /// </summary>
    private static RgbImage Frame(int width, int height, int index)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Set(image, x, y, (byte)(20 + (x * 60 / width)), (byte)(50 + (y * 80 / height)), (byte)(110 + ((x + y) * 100 / (width + height))));
            }
        }

        Fill(image, 0, height - (height / 27), width, height / 27, 35, 35, 45);
        var layout = new Random(1080);
        for (var w = 0; w < 3; w++)
        {
            Window(image, layout.Next(width / 2), layout.Next(height / 2), width / 2, height / 2, light: true, new Random(w + 100));
        }

        var moving = (Left: index * width / 23 % (width * 2 / 3), Top: index * height / 17 % (height * 2 / 3));
        Window(image, moving.Left, moving.Top, width / 3, height / 3, light: false, new Random(index + 1));
        return image;
    }

    private static void Window(RgbImage image, int left, int top, int width, int height, bool light, Random text)
    {
        width = Math.Min(width, image.Width - left);
        height = Math.Min(height, image.Height - top);
        var background = (byte)(light ? 245 : 20);
        var ink = (byte)(light ? 30 : 210);
        Fill(image, left, top, width, height, background, background, background);
        Fill(image, left, top, width, Math.Min(24, height), 60, 70, 90);

        // Text in 8x16 character cells: each letter a few 2x2 strokes, so it compresses like rendered text.
        for (var row = top + 32; row + 16 < top + height; row += 24)
        {
            var lineLength = text.Next((width - 8) / 24);
            for (var column = 0; column < lineLength; column++)
            {
                if (text.Next(5) == 0)
                {
                    continue; // a space
                }

                var strokes = text.Next(1 << 12);
                for (var bit = 0; bit < 12; bit++)
                {
                    if ((strokes & (1 << bit)) != 0)
                    {
                        Fill(image, left + 4 + (column * 8) + (bit % 3 * 2), row + 2 + (bit / 3 * 3), 2, 2, ink, ink, ink);
                    }
                }
            }
        }
    }

    private static void Fill(RgbImage image, int left, int top, int width, int height, byte r, byte g, byte b)
    {
        for (var y = Math.Max(0, top); y < Math.Min(image.Height, top + height); y++)
        {
            for (var x = Math.Max(0, left); x < Math.Min(image.Width, left + width); x++)
            {
                Set(image, x, y, r, g, b);
            }
        }
    }

    private static void Set(RgbImage image, int x, int y, byte r, byte g, byte b)
    {
        var p = ((y * image.Width) + x) * 3;
        image.Pixels[p] = r;
        image.Pixels[p + 1] = g;
        image.Pixels[p + 2] = b;
    }
}
