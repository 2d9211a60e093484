using System.Net;

namespace NanoKvm.Client;

/// <summary>
/// The logged-in account's role may not call this endpoint (HTTP 403 <c>"forbidden"</c>; multi-user firmware gives
/// storage, HID reset/mode and most settings to admins only). Use an admin account for this call.
/// </summary>
public class NanoKvmForbiddenException : NanoKvmException
{
    /// <summary>Creates the exception.</summary>
    public NanoKvmForbiddenException() : base("The NanoKVM account is not allowed to call this endpoint.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public NanoKvmForbiddenException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmForbiddenException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refused endpoint.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="endpoint">The request.</param>
    public NanoKvmForbiddenException(string message, string? endpoint)
        : base(message, endpoint, HttpStatusCode.Forbidden)
    {
    }
}
