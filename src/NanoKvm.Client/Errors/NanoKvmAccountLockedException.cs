using System.Net;

namespace NanoKvm.Client;

/// <summary>
/// The device locked logins from this address after too many failures (device code −5, firmware 2.3.5 and later
/// with lockout enabled). Even correct credentials are refused until the lock expires.
/// </summary>
public class NanoKvmAccountLockedException : NanoKvmAuthenticationException
{
    /// <summary>Creates the exception.</summary>
    public NanoKvmAccountLockedException() : base("The NanoKVM locked logins from this address.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public NanoKvmAccountLockedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmAccountLockedException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a locked login.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="endpoint">The request.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="deviceCode">The envelope code (−5).</param>
    /// <param name="deviceMessage">The envelope message.</param>
    public NanoKvmAccountLockedException(
        string message, string? endpoint, HttpStatusCode? statusCode, int? deviceCode, string? deviceMessage)
        : base(message, endpoint, statusCode, deviceCode, deviceMessage)
    {
    }
}
