namespace NanoKvm.Emulator.Host;

/// <summary>
/// The computer behind the KVM: what its power supply, keyboard, pointer and screen are doing. Tests read it to
/// see what the device actually delivered over USB and GPIO.
/// </summary>
public sealed class VirtualHost
{
    internal VirtualHost(NanoKvmEmulator emulator)
    {
        Power = new PowerModel(emulator);
        Keyboard = new KeyboardModel(emulator);
        Mouse = new MouseModel(emulator);
        Screen = new ScreenModel(emulator);
    }

    /// <summary>Power state driven by the ATX buttons, and the LEDs.</summary>
    public PowerModel Power { get; }

    /// <summary>Keyboard reports received, typed-text transcript and lock-key LEDs.</summary>
    public KeyboardModel Keyboard { get; }

    /// <summary>Pointer position, buttons and wheel.</summary>
    public MouseModel Mouse { get; }

    /// <summary>What the host displays, and HDMI signal state.</summary>
    public ScreenModel Screen { get; }
}
