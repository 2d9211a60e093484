namespace NanoKvm.Client;

/// <summary>
/// The device's firmware does not offer this feature (for example keyboard LEDs before 2.5.0). Thrown before any
/// request is sent when the detected version already rules the feature out.
/// </summary>
public class NanoKvmUnsupportedException : NanoKvmException
{
    /// <summary>Creates the exception.</summary>
    public NanoKvmUnsupportedException() : base("The NanoKVM firmware does not support this feature.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is unsupported and from which version it exists.</param>
    public NanoKvmUnsupportedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmUnsupportedException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a feature that needs a newer firmware.</summary>
    /// <param name="feature">The feature, e.g. "keyboard LED state".</param>
    /// <param name="requiredVersion">The first firmware version that has it.</param>
    /// <param name="actualVersion">The version the device runs.</param>
    public NanoKvmUnsupportedException(string feature, FirmwareVersion requiredVersion, FirmwareVersion actualVersion)
        : base($"{feature} needs NanoKVM firmware {requiredVersion} or later; the device runs {actualVersion}.")
    {
        RequiredVersion = requiredVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The first firmware version with the feature, when known.</summary>
    public FirmwareVersion? RequiredVersion { get; }

    /// <summary>The firmware version the device runs, when known.</summary>
    public FirmwareVersion? ActualVersion { get; }
}
