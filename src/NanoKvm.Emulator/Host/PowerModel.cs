namespace NanoKvm.Emulator.Host;

/// <summary>
/// The host's power supply as seen through the ATX header: on/off, the button presses the KVM made, the reboots they
/// caused, the LEDs the KVM reads back and the Wake-on-LAN packets it sent.
/// </summary>
/// <remarks>
/// Behaves like a typical ATX board: a power press shorter than <see cref="ForceOffThreshold"/> switches an off host
/// on, or asks a running OS to shut down (after <see cref="EmulatorOptions.HostShutdownDelay"/>); a press at least that
/// long forces the host off; reset reboots a running host. The effect is applied when the button is released, which
/// is when the device answers its blocking GPIO call.
/// </remarks>
public sealed class PowerModel
{
    /// <summary>How long the power button must be held to force the host off.</summary>
    public static readonly TimeSpan ForceOffThreshold = TimeSpan.FromSeconds(5);

    private readonly NanoKvmEmulator _emulator;
    private readonly object _gate = new();
    private readonly List<ButtonPress> _presses = [];
    private readonly List<string> _wakeOnLanTargets = [];
    private readonly List<string> _rememberedMacs = [];
    private bool _isOn;
    private int _reboots;
    private int _shutdownGeneration;

    internal PowerModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
        _isOn = emulator.Options.HostPoweredOn;
        LedWired = emulator.Options.PowerLedWired;
    }

    /// <summary>Raised after the host switched on or off.</summary>
    public event Action<bool>? PowerChanged;

    /// <summary>Whether the host is running.</summary>
    public bool IsOn
    {
        get
        {
            lock (_gate)
            {
                return _isOn;
            }
        }
    }

    /// <summary>
    /// Whether the power LED header is connected to the KVM. When false the LED input floats and reads "off" whatever
    /// the host does — a common installation mistake the SDK documents.
    /// </summary>
    public bool LedWired { get; set; }

    /// <summary>Whether the host's disk is busy while it runs (drives the HDD LED, which only Alpha hardware reads).</summary>
    public bool DiskActive { get; set; } = true;

    /// <summary>The power LED as the KVM reads it: lit while the host runs, if wired.</summary>
    public bool PowerLed => LedWired && IsOn;

    /// <summary>The HDD LED as the KVM reads it: only Alpha hardware has the input; other hardware reads false.</summary>
    public bool HddLed =>
        string.Equals(_emulator.Options.Hardware, "Alpha", StringComparison.OrdinalIgnoreCase) && IsOn && DiskActive;

    /// <summary>Times the reset button rebooted a running host.</summary>
    public int Reboots
    {
        get
        {
            lock (_gate)
            {
                return _reboots;
            }
        }
    }

    /// <summary>Every button press, in order.</summary>
    public IReadOnlyList<ButtonPress> Presses
    {
        get
        {
            lock (_gate)
            {
                return [.. _presses];
            }
        }
    }

    /// <summary>MAC addresses (normalized <c>AA:BB:CC:DD:EE:FF</c>) that Wake-on-LAN packets were sent to, in order.</summary>
    public IReadOnlyList<string> WakeOnLanTargets
    {
        get
        {
            lock (_gate)
            {
                return [.. _wakeOnLanTargets];
            }
        }
    }

    /// <summary>Switches the host on or off directly, as if someone used its own button.</summary>
    /// <param name="on">The new state.</param>
    public void SetPower(bool on)
    {
        bool changed;
        lock (_gate)
        {
            _shutdownGeneration++;
            changed = _isOn != on;
            _isOn = on;
        }

        if (changed)
        {
            PowerChanged?.Invoke(on);
        }
    }

    internal IReadOnlyList<string> RememberedMacs
    {
        get
        {
            lock (_gate)
            {
                return [.. _rememberedMacs];
            }
        }
    }

    /// <summary>Applies a released button press.</summary>
    internal void Press(AtxButton button, TimeSpan duration)
    {
        int shutdownGeneration;
        bool startShutdown = false;
        bool? newState = null;
        lock (_gate)
        {
            _presses.Add(new ButtonPress(button, duration, _emulator.Options.TimeProvider.GetUtcNow()));
            shutdownGeneration = _shutdownGeneration;
            if (button == AtxButton.Reset)
            {
                if (_isOn)
                {
                    _reboots++;
                }
            }
            else if (duration >= ForceOffThreshold)
            {
                newState = false;
            }
            else if (!_isOn)
            {
                newState = true;
            }
            else
            {
                startShutdown = true;
            }
        }

        if (newState is { } state)
        {
            SetPower(state);
        }
        else if (startShutdown)
        {
            _ = ShutDownLaterAsync(shutdownGeneration);
        }
    }

    /// <summary>Records a magic packet; one addressed to the host's own MAC wakes it.</summary>
    internal void WakeOnLan(string mac)
    {
        bool wake;
        lock (_gate)
        {
            _wakeOnLanTargets.Add(mac);
            if (!_rememberedMacs.Contains(mac))
            {
                _rememberedMacs.Add(mac);
            }

            wake = !_isOn && string.Equals(mac, _emulator.Options.HostMacAddress, StringComparison.OrdinalIgnoreCase);
        }

        if (wake)
        {
            SetPower(true);
        }
    }

    private async Task ShutDownLaterAsync(int generation)
    {
        await _emulator.DelayAsync(_emulator.Options.HostShutdownDelay, CancellationToken.None).ConfigureAwait(false);
        bool changed;
        lock (_gate)
        {
            // Any power change in between (a forced off, a direct switch) supersedes this shutdown.
            changed = _shutdownGeneration == generation && _isOn;
            if (changed)
            {
                _isOn = false;
                _shutdownGeneration++;
            }
        }

        if (changed)
        {
            PowerChanged?.Invoke(false);
        }
    }
}

/// <summary>The ATX buttons the KVM can press.</summary>
public enum AtxButton
{
    /// <summary>The power button.</summary>
    Power,

    /// <summary>The reset button.</summary>
    Reset,
}

/// <summary>One button press made through the KVM.</summary>
/// <param name="Button">Which button.</param>
/// <param name="Duration">How long it was held, as requested (device time, not scaled).</param>
/// <param name="At">When it was released.</param>
public sealed record ButtonPress(AtxButton Button, TimeSpan Duration, DateTimeOffset At);
