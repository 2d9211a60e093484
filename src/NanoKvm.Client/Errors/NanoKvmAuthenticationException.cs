using System.Net;

namespace NanoKvm.Client;

/// <summary>
/// The device did not accept the configured credentials, or a session could not be established or restored.
/// Retrying with the same credentials will not help.
/// </summary>
public class NanoKvmAuthenticationException : NanoKvmException
{
    /// <summary>Creates the exception.</summary>
    public NanoKvmAuthenticationException() : base("Authentication with the NanoKVM failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public NanoKvmAuthenticationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmAuthenticationException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed login or session call.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="endpoint">The request, e.g. <c>POST /api/auth/login</c>.</param>
    /// <param name="statusCode">The HTTP status, when a response arrived.</param>
    /// <param name="deviceCode">The envelope code, when present.</param>
    /// <param name="deviceMessage">The envelope message, when present.</param>
    public NanoKvmAuthenticationException(
        string message, string? endpoint, HttpStatusCode? statusCode, int? deviceCode, string? deviceMessage)
        : base(message, endpoint, statusCode, deviceCode, deviceMessage)
    {
    }
}
