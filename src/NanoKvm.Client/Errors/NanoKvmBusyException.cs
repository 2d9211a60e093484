using System.Net;

namespace NanoKvm.Client;

/// <summary>
/// The device's input path is held by another operation (for example paste answers −3 "HID control is busy"
/// while another input job or the built-in AI agent holds the HID). Retrying later can succeed.
/// </summary>
public class NanoKvmBusyException : NanoKvmException
{
    /// <summary>Creates the exception.</summary>
    public NanoKvmBusyException() : base("The NanoKVM is busy with another input operation.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is busy.</param>
    public NanoKvmBusyException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is busy.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmBusyException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a device reply that reported "busy".</summary>
    /// <param name="message">What is busy.</param>
    /// <param name="endpoint">The request.</param>
    /// <param name="deviceCode">The envelope code.</param>
    /// <param name="deviceMessage">The envelope message.</param>
    public NanoKvmBusyException(string message, string? endpoint, int? deviceCode, string? deviceMessage)
        : base(message, endpoint, HttpStatusCode.OK, deviceCode, deviceMessage)
    {
    }
}
