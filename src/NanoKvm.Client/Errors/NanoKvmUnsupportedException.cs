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

    /// <summary>
    /// Creates the exception for a feature the device lacks: on a Cube, one that needs a newer firmware; on a
    /// NanoKVM-Pro, one its API family does not have (whatever its version), naming the device.
    /// </summary>
    /// <param name="feature">The feature, e.g. "keyboard LED state".</param>
    /// <param name="requiredVersion">The first Cube firmware version that has it.</param>
    /// <param name="capabilities">What the device does.</param>
    public NanoKvmUnsupportedException(string feature, FirmwareVersion requiredVersion, FirmwareCapabilities capabilities)
        : base(DescribeMissing(feature, requiredVersion, capabilities, null))
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        RequiredVersion = capabilities.Model == DeviceModel.Pro ? null : requiredVersion;
        ActualVersion = capabilities.Version;
        Model = capabilities.Model;
    }

    /// <summary>Creates the exception for a feature a NanoKVM-Pro lacks, with what to use instead.</summary>
    /// <param name="feature">The feature.</param>
    /// <param name="capabilities">What the device does.</param>
    /// <param name="alternative">What to use instead, as a sentence; null when there is nothing.</param>
    public NanoKvmUnsupportedException(string feature, FirmwareCapabilities capabilities, string? alternative)
        : base(DescribeMissing(feature, null, capabilities, alternative))
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ActualVersion = capabilities.Version;
        Model = capabilities.Model;
    }

    /// <summary>The device family, when known.</summary>
    public DeviceModel? Model { get; }

    private static string DescribeMissing(string feature, FirmwareVersion? required, FirmwareCapabilities capabilities, string? alternative)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var text = capabilities.Model == DeviceModel.Pro || required is null
            ? $"{feature} is not available on the {capabilities.DeviceName}."
            : $"{feature} needs NanoKVM firmware {required} or later; the device runs {capabilities.Version}.";
        return alternative is null ? text : text + " " + alternative;
    }

    /// <summary>The first firmware version with the feature, when known.</summary>
    public FirmwareVersion? RequiredVersion { get; }

    /// <summary>The firmware version the device runs, when known.</summary>
    public FirmwareVersion? ActualVersion { get; }
}
