using System.Net;

namespace NanoKvm.Client;

/// <summary>
/// A NanoKVM device refused or failed a request. Carries the endpoint, the HTTP status and the device's own
/// envelope code and message so a caller can log or branch on them.
/// </summary>
/// <remarks>
/// Device codes are local to each endpoint (−2 means "wrong password" at login but "mount failed" elsewhere), so
/// read <see cref="DeviceCode"/> together with <see cref="Endpoint"/>.
/// </remarks>
public class NanoKvmException : Exception
{
    /// <summary>Creates an exception with a message only.</summary>
    public NanoKvmException() : this("The NanoKVM request failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public NanoKvmException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception describing a failed device call.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    /// <param name="endpoint">The request, e.g. <c>POST /api/vm/gpio</c>.</param>
    /// <param name="statusCode">The HTTP status, when a response arrived.</param>
    /// <param name="deviceCode">The envelope <c>code</c>, when the device answered with one.</param>
    /// <param name="deviceMessage">The envelope <c>msg</c>, when the device answered with one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NanoKvmException(
        string message,
        string? endpoint,
        HttpStatusCode? statusCode = null,
        int? deviceCode = null,
        string? deviceMessage = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        DeviceCode = deviceCode;
        DeviceMessage = deviceMessage;
    }

    /// <summary>The request that failed, as <c>METHOD /path</c>; null when no request was involved.</summary>
    public string? Endpoint { get; }

    /// <summary>The HTTP status of the response, or null when none arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The device's envelope <c>code</c> (non-zero), or null when the reply had no envelope.</summary>
    public int? DeviceCode { get; }

    /// <summary>The device's envelope message, or null when the reply had none.</summary>
    public string? DeviceMessage { get; }
}
