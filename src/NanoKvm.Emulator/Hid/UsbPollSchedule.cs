using System.Diagnostics;

namespace NanoKvm.Emulator.Hid;

/// <summary>
/// The host's USB interrupt polling of one HID gadget: at most one report per poll interval on average. Timer sleeps
/// on a busy machine overshoot a 1 ms interval several times over, so the schedule keeps absolute due times and
/// lets a late poll catch up (bounded), instead of adding every oversleep to the delivery time as a plain
/// delay-per-report would — that made the emulator several times slower than the device it imitates.
/// </summary>
internal sealed class UsbPollSchedule(TimeSpan interval)
{
    // How far behind the schedule a poll may fall before the missed slots are forgotten (idle time is not banked).
    private const int MaxCatchUpPolls = 4;

    private readonly long _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    private long _nextDue = Stopwatch.GetTimestamp();

    public async Task WaitAsync()
    {
        if (_intervalTicks <= 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var floor = now - (MaxCatchUpPolls * _intervalTicks);
        if (_nextDue < floor)
        {
            _nextDue = floor;
        }

        if (_nextDue > now)
        {
            await Task.Delay(Stopwatch.GetElapsedTime(now, _nextDue));
        }

        _nextDue += _intervalTicks;
    }
}
