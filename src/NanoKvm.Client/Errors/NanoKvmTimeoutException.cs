namespace NanoKvm.Client;

/// <summary>
/// The device did not answer, or a wait (for a frame, an LED state, a screen change) did not complete, within the
/// allowed time. Distinct from cancellation by the caller, which surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
public class NanoKvmTimeoutException : NanoKvmException
{
    /// <summary>Creates the exception.</summary>
    public NanoKvmTimeoutException() : base("The NanoKVM operation timed out.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What timed out and after how long.</param>
    public NanoKvmTimeoutException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmTimeoutException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a request that timed out.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="endpoint">The request.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmTimeoutException(string message, string? endpoint, Exception? innerException)
        : base(message, endpoint, innerException: innerException)
    {
    }
}
