using System.Buffers.Binary;

namespace NanoKvm.Emulator.Host;

/// <summary>The host's mouse: reports received on hidg1/hidg2, pointer position, buttons, clicks and wheel.</summary>
/// <remarks>
/// The absolute pointer maps 0…32767 to 0…1. Relative deltas move the pointer in a pixel-like space of
/// <see cref="PixelWidth"/> × <see cref="PixelHeight"/> (no acceleration), clamped at the edges. The host's button
/// state is the union of both devices' buttons; a click is counted on each press edge of that union.
/// </remarks>
public sealed class MouseModel
{
    private readonly NanoKvmEmulator _emulator;
    private readonly object _gate = new();
    private readonly List<byte[]> _relativeReports = [];
    private readonly List<byte[]> _absoluteReports = [];
    private readonly Dictionary<int, int> _clicks = [];
    private byte _relativeButtons;
    private byte _absoluteButtons;
    private int _peakQueueDepth;

    internal MouseModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    /// <summary>Raised after the pointer moved or a button changed; the screen re-renders on it.</summary>
    public event Action? Changed;

    /// <summary>Pointer X as a fraction of the screen width, 0 (left) to 1 (right).</summary>
    public double X { get; internal set; } = 0.5;

    /// <summary>Pointer Y as a fraction of the screen height, 0 (top) to 1 (bottom).</summary>
    public double Y { get; internal set; } = 0.5;

    /// <summary>
    /// Width of the space relative deltas move in (one unit = one pixel): the host's screen width unless set, so a
    /// relative move of N lands N pixels further on the captured frame.
    /// </summary>
    public int PixelWidth
    {
        get => _pixelWidth ?? _emulator.Host.Screen.InputResolution.Width;
        set => _pixelWidth = value;
    }

    /// <summary>Height of the space relative deltas move in: the host's screen height unless set.</summary>
    public int PixelHeight
    {
        get => _pixelHeight ?? _emulator.Host.Screen.InputResolution.Height;
        set => _pixelHeight = value;
    }

    private int? _pixelWidth;
    private int? _pixelHeight;

    /// <summary>Buttons held (bits: 1 left, 2 right, 4 middle, 8 back, 16 forward), both devices together.</summary>
    public int Buttons
    {
        get
        {
            lock (_gate)
            {
                return _relativeButtons | _absoluteButtons;
            }
        }
    }

    /// <summary>Sum of all wheel values received, in the device's sign (positive = up/away).</summary>
    public int WheelTotal { get; private set; }

    /// <summary>Every 4-byte report written to <c>/dev/hidg1</c> (relative mouse).</summary>
    public IReadOnlyList<byte[]> RelativeReports
    {
        get
        {
            lock (_gate)
            {
                return [.. _relativeReports];
            }
        }
    }

    /// <summary>Every 6-byte report written to <c>/dev/hidg2</c> (absolute pointer).</summary>
    public IReadOnlyList<byte[]> AbsoluteReports
    {
        get
        {
            lock (_gate)
            {
                return [.. _absoluteReports];
            }
        }
    }

    /// <summary>Most mouse reports ever waiting in one connection's device queue (the firmware's limit is 200).</summary>
    public int PeakQueueDepth => Volatile.Read(ref _peakQueueDepth);

    internal NanoKvmEmulator Emulator => _emulator;

    /// <summary>Press edges of a button bit (1 left, 2 right, 4 middle, 8 back, 16 forward).</summary>
    public int Clicks(int button)
    {
        lock (_gate)
        {
            return _clicks.TryGetValue(button, out var count) ? count : 0;
        }
    }

    /// <summary>Forgets the recorded reports, clicks and wheel total (position and held buttons stay).</summary>
    public void ClearRecords()
    {
        lock (_gate)
        {
            _relativeReports.Clear();
            _absoluteReports.Clear();
            _clicks.Clear();
            WheelTotal = 0;
        }
    }

    internal byte RelativeButtons
    {
        get
        {
            lock (_gate)
            {
                return _relativeButtons;
            }
        }
    }

    internal byte AbsoluteButtons
    {
        get
        {
            lock (_gate)
            {
                return _absoluteButtons;
            }
        }
    }

    internal void NoteQueueDepth(int depth)
    {
        int peak;
        while (depth > (peak = Volatile.Read(ref _peakQueueDepth)) && Interlocked.CompareExchange(ref _peakQueueDepth, depth, peak) != peak)
        {
        }
    }

    /// <summary>Applies a report written to hidg1: buttons (3 bits), dX, dY, wheel as signed bytes.</summary>
    internal void ApplyRelative(byte[] report)
    {
        lock (_gate)
        {
            _relativeReports.Add(report);
            var before = (byte)(_relativeButtons | _absoluteButtons);
            _relativeButtons = (byte)(report[0] & 0x07);
            X = Math.Clamp(X + ((sbyte)report[1] / (double)PixelWidth), 0, 1);
            Y = Math.Clamp(Y + ((sbyte)report[2] / (double)PixelHeight), 0, 1);
            WheelTotal += (sbyte)report[3];
            CountClicks(before);
        }

        OnChanged();
    }

    /// <summary>Applies a report written to hidg2: buttons (5 bits), X and Y 0…32767 little-endian, wheel.</summary>
    internal void ApplyAbsolute(byte[] report)
    {
        lock (_gate)
        {
            _absoluteReports.Add(report);
            var before = (byte)(_relativeButtons | _absoluteButtons);
            _absoluteButtons = (byte)(report[0] & 0x1F);
            X = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(report.AsSpan(1)), (ushort)32767) / 32767.0;
            Y = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(report.AsSpan(3)), (ushort)32767) / 32767.0;
            WheelTotal += (sbyte)report[5];
            CountClicks(before);
        }

        OnChanged();
    }

    private void CountClicks(byte before)
    {
        var pressed = (_relativeButtons | _absoluteButtons) & ~before;
        for (var bit = 1; bit <= 0x10; bit <<= 1)
        {
            if ((pressed & bit) != 0)
            {
                _clicks[bit] = (_clicks.TryGetValue(bit, out var count) ? count : 0) + 1;
            }
        }
    }

    internal void OnChanged() => Changed?.Invoke();
}
