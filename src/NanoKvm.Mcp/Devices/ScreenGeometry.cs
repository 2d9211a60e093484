using System.Globalization;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Devices;

/// <summary>
/// Remembers, per device, the last screenshot the model received and the device's capture size, and maps the
/// coordinates the model sends (pixels of that screenshot, or normalized 0..1 of it) to normalized positions on the
/// full frame.
/// </summary>
/// <remarks>
/// Pixels are read against, in order: the latest screenshot; before any, the device's current capture size (learned
/// from a fresh frame, <see cref="KvmDevice.PrepareCoordinatesAsync"/>); the configured fallback size. The capture
/// size is refreshed by every frame this server sees, forgotten when the capture resolution is changed through this
/// server or the device reports a capture problem (such as a resolution change), and re-learned after
/// <see cref="CaptureSizeMaxAge"/> in case the target changed its video mode unannounced.
/// </remarks>
internal sealed class ScreenGeometry
{
    /// <summary>How long a capture size learned without a screenshot is trusted.</summary>
    public static readonly TimeSpan CaptureSizeMaxAge = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly ScreenSize? _fallback;
    private readonly TimeProvider _time;
    private ScreenView? _latest;
    private (byte[] Jpeg, DateTimeOffset At)? _latestFrame;
    private (int Width, int Height, long At)? _capture;
    private string? _captureProblem;

    public ScreenGeometry(ScreenSize? fallback, TimeProvider? time = null)
    {
        _fallback = fallback;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The most recent screenshot's view, or null before the first one.</summary>
    public ScreenView? Latest => Volatile.Read(ref _latest);

    /// <summary>
    /// The space pixel coordinates are read in now: the latest screenshot, else the device's capture size while it is
    /// fresh, else the configured fallback size; null when none is known.
    /// </summary>
    public CoordinateSpace? Space
    {
        get
        {
            if (Latest is { } latest)
            {
                return new CoordinateSpace(latest, CoordinateSource.Screenshot);
            }

            lock (_gate)
            {
                if (_capture is { } capture && _time.GetElapsedTime(capture.At) < CaptureSizeMaxAge)
                {
                    return new CoordinateSpace(ScreenView.FullFrame(capture.Width, capture.Height), CoordinateSource.CaptureSize);
                }
            }

            return _fallback is { } size ? new CoordinateSpace(ScreenView.FullFrame(size.Width, size.Height), CoordinateSource.ConfiguredSize) : null;
        }
    }

    /// <summary>The view coordinates are read in (see <see cref="Space"/>), or null.</summary>
    public ScreenView? Current => Space?.View;

    /// <summary>True when pixels would be read against something other than a screenshot or a fresh capture size.</summary>
    public bool NeedsCaptureSize => Space?.Source is not (CoordinateSource.Screenshot or CoordinateSource.CaptureSize);

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
        RecordCaptureSize(view.FrameWidth, view.FrameHeight);
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

    /// <summary>Records the size of a frame the device just captured.</summary>
    public void RecordCaptureSize(int width, int height)
    {
        lock (_gate)
        {
            _capture = (width, height, _time.GetTimestamp());
            _captureProblem = null;
        }
    }

    /// <summary>Forgets the capture size (the resolution was changed, or the device reported a capture problem).</summary>
    public void ForgetCaptureSize()
    {
        lock (_gate)
        {
            _capture = null;
        }
    }

    /// <summary>Records why the capture size could not be learned, for the refusal of pixel coordinates.</summary>
    public void RecordCaptureProblem(string reason)
    {
        lock (_gate)
        {
            _capture = null;
            _captureProblem = reason;
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
                $"Pixel coordinates need a screen size to refer to{UnknownSizeReason()}: call nanokvm_screenshot first, or pass normalized=true with x and y between 0 and 1.",
                nameof(x));
        }

        var space = Describe(Space!);
        CheckRange(x, view.ImageWidth, inclusive: false, nameof(x), $"a pixel column of {space} (0..{view.ImageWidth - 1})");
        CheckRange(y, view.ImageHeight, inclusive: false, nameof(y), $"a pixel row of {space} (0..{view.ImageHeight - 1})");
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
                    $"A crop in pixels needs a screen size to refer to{UnknownSizeReason()}: take a full screenshot first, or pass normalized=true with fractions.",
                    nameof(x));
            }

            var space = Describe(Space!);
            CheckRange(x, view.ImageWidth, inclusive: false, nameof(x), $"a pixel column of {space}");
            CheckRange(y, view.ImageHeight, inclusive: false, nameof(y), $"a pixel row of {space}");
            (left, top) = ImageToFrame(view, x, y);
            (right, bottom) = ImageToFrame(view, Math.Min(x + width, view.ImageWidth), Math.Min(y + height, view.ImageHeight));
        }

        var px = Math.Clamp((int)Math.Floor(left * frameWidth), 0, frameWidth - 1);
        var py = Math.Clamp((int)Math.Floor(top * frameHeight), 0, frameHeight - 1);
        var pr = Math.Clamp((int)Math.Ceiling(right * frameWidth), px + 1, frameWidth);
        var pb = Math.Clamp((int)Math.Ceiling(bottom * frameHeight), py + 1, frameHeight);
        return new PixelRect(px, py, pr - px, pb - py);
    }

    /// <summary>The pixel space in words, e.g. "the latest 960x540 screenshot".</summary>
    public static string Describe(CoordinateSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var size = string.Create(CultureInfo.InvariantCulture, $"{space.View.ImageWidth}x{space.View.ImageHeight}");
        return space.Source switch
        {
            CoordinateSource.Screenshot => $"the latest {size} screenshot",
            CoordinateSource.CaptureSize => $"the {size} screen as the device captures it now (no screenshot taken yet)",
            _ => $"the configured {size} screen size (no screenshot taken yet)",
        };
    }

    private string UnknownSizeReason()
    {
        lock (_gate)
        {
            return _captureProblem is { } problem ? $", and the device's capture size could not be learned ({problem.TrimEnd('.')})" : string.Empty;
        }
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
