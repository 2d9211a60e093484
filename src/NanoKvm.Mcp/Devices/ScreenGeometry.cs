using System.Globalization;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Devices;

/// <summary>
/// Remembers, per device, the last screenshot the model received and maps the coordinates it sends back
/// (pixels of that screenshot, or normalized 0..1 of it) to normalized positions on the full frame.
/// </summary>
internal sealed class ScreenGeometry
{
    private readonly object _gate = new();
    private readonly ScreenSize? _fallback;
    private ScreenView? _latest;
    private (byte[] Jpeg, DateTimeOffset At)? _latestFrame;

    public ScreenGeometry(ScreenSize? fallback)
    {
        _fallback = fallback;
    }

    /// <summary>The most recent screenshot's view, or null before the first one.</summary>
    public ScreenView? Latest => Volatile.Read(ref _latest);

    /// <summary>The view coordinates are read in: the latest screenshot, else the configured fallback size.</summary>
    public ScreenView? Current => Latest ?? (_fallback is { } size ? ScreenView.FullFrame(size.Width, size.Height) : null);

    /// <summary>The device JPEG behind the latest screenshot (before any crop or scaling), to compare later frames with.</summary>
    public (byte[] Jpeg, DateTimeOffset At)? LatestFrame
    {
        get
        {
            lock (_gate)
            {
                return _latestFrame;
            }
        }
    }

    public void Record(ScreenView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        Volatile.Write(ref _latest, view);
    }

    /// <summary>Records what the model was shown and the device frame it came from.</summary>
    public void Record(ScreenView view, byte[] frameJpeg, DateTimeOffset capturedAt)
    {
        ArgumentNullException.ThrowIfNull(frameJpeg);
        lock (_gate)
        {
            _latestFrame = (frameJpeg, capturedAt);
            Record(view);
        }
    }

    /// <summary>
    /// Maps a point to normalized frame coordinates (0..1 on each axis, 0 = left/top).
    /// </summary>
    /// <param name="x">Pixel column of the latest screenshot, or a 0..1 fraction of its width when <paramref name="normalized"/>.</param>
    /// <param name="y">Pixel row, or a 0..1 fraction of its height.</param>
    /// <param name="normalized">Whether x and y are fractions.</param>
    /// <exception cref="ArgumentException">The point is outside the screenshot, or pixels were given before any screenshot.</exception>
    public (double X, double Y) ToFrameFraction(double x, double y, bool normalized)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            throw new ArgumentException("x must be a finite number.", nameof(x));
        }

        if (double.IsNaN(y) || double.IsInfinity(y))
        {
            throw new ArgumentException("y must be a finite number.", nameof(y));
        }

        var view = Current;
        if (normalized)
        {
            CheckRange(x, 1, inclusive: true, nameof(x), "a fraction of the screenshot's width between 0 and 1");
            CheckRange(y, 1, inclusive: true, nameof(y), "a fraction of the screenshot's height between 0 and 1");
            if (view is null)
            {
                return (x, y);
            }

            return ImageToFrame(view, x * view.ImageWidth, y * view.ImageHeight);
        }

        if (view is null)
        {
            throw new ArgumentException(
                "Pixel coordinates need a screenshot to refer to: call nanokvm_screenshot first, or pass normalized=true with x and y between 0 and 1.",
                nameof(x));
        }

        CheckRange(x, view.ImageWidth, inclusive: false, nameof(x), $"a pixel column of the latest {view.ImageWidth}x{view.ImageHeight} screenshot (0..{view.ImageWidth - 1})");
        CheckRange(y, view.ImageHeight, inclusive: false, nameof(y), $"a pixel row of the latest {view.ImageWidth}x{view.ImageHeight} screenshot (0..{view.ImageHeight - 1})");
        // Aim at the pixel's centre so that scaling up lands inside the pixel the model pointed at.
        return ImageToFrame(view, Math.Min(x + 0.5, view.ImageWidth), Math.Min(y + 0.5, view.ImageHeight));
    }

    /// <summary>
    /// Maps a rectangle given in the same units as coordinates (pixels of the latest screenshot, or fractions of it)
    /// to whole frame pixels of a frame of the given size, clipped to it.
    /// </summary>
    /// <exception cref="ArgumentException">The rectangle is empty, outside the screenshot, or pixels were given before any screenshot.</exception>
    public PixelRect ToFrameRect(double x, double y, double width, double height, bool normalized, int frameWidth, int frameHeight)
    {
        if (!(width > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The crop width must be greater than 0.");
        }

        if (!(height > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "The crop height must be greater than 0.");
        }

        // Corners, not pixel centres: map the left/top edge and the right/bottom edge.
        var view = Current;
        double left, top, right, bottom;
        if (normalized)
        {
            CheckRange(x, 1, inclusive: true, nameof(x), "a fraction of the screenshot's width between 0 and 1");
            CheckRange(y, 1, inclusive: true, nameof(y), "a fraction of the screenshot's height between 0 and 1");
            (left, top) = view is null ? (x, y) : ImageToFrame(view, x * view.ImageWidth, y * view.ImageHeight);
            (right, bottom) = view is null
                ? (Math.Min(x + width, 1), Math.Min(y + height, 1))
                : ImageToFrame(view, Math.Min(x + width, 1) * view.ImageWidth, Math.Min(y + height, 1) * view.ImageHeight);
        }
        else
        {
            if (view is null)
            {
                throw new ArgumentException(
                    "A crop in pixels needs a screenshot to refer to: take a full screenshot first, or pass normalized=true with fractions.",
                    nameof(x));
            }

            CheckRange(x, view.ImageWidth, inclusive: false, nameof(x), $"a pixel column of the latest {view.ImageWidth}x{view.ImageHeight} screenshot");
            CheckRange(y, view.ImageHeight, inclusive: false, nameof(y), $"a pixel row of the latest {view.ImageWidth}x{view.ImageHeight} screenshot");
            (left, top) = ImageToFrame(view, x, y);
            (right, bottom) = ImageToFrame(view, Math.Min(x + width, view.ImageWidth), Math.Min(y + height, view.ImageHeight));
        }

        var px = Math.Clamp((int)Math.Floor(left * frameWidth), 0, frameWidth - 1);
        var py = Math.Clamp((int)Math.Floor(top * frameHeight), 0, frameHeight - 1);
        var pr = Math.Clamp((int)Math.Ceiling(right * frameWidth), px + 1, frameWidth);
        var pb = Math.Clamp((int)Math.Ceiling(bottom * frameHeight), py + 1, frameHeight);
        return new PixelRect(px, py, pr - px, pb - py);
    }

    private static (double X, double Y) ImageToFrame(ScreenView view, double imageX, double imageY)
    {
        var frameX = view.Region.X + (imageX * view.Region.Width / view.ImageWidth);
        var frameY = view.Region.Y + (imageY * view.Region.Height / view.ImageHeight);
        return (Math.Clamp(frameX / view.FrameWidth, 0, 1), Math.Clamp(frameY / view.FrameHeight, 0, 1));
    }

    private static void CheckRange(double value, double max, bool inclusive, string name, string what)
    {
        if (value < 0 || value > max || (!inclusive && value == max))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be {what}; got {value}."));
        }
    }
}
