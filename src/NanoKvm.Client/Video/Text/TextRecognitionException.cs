namespace NanoKvm.Client.Video.Text;

/// <summary>Text recognition failed: the engine is not installed, lacks the language, or crashed.</summary>
/// <remarks>Nothing is sent to the device by recognition, so this never leaves keys or buttons pressed.</remarks>
public class TextRecognitionException : NanoKvmException
{
    /// <summary>Creates the exception.</summary>
    public TextRecognitionException() : base("Text recognition failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public TextRecognitionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public TextRecognitionException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception, saying whether the engine itself is missing.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="engineMissing">True when the engine (or its language data) is not installed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TextRecognitionException(string message, bool engineMissing, Exception? innerException = null) : base(message, innerException)
    {
        EngineMissing = engineMissing;
    }

    /// <summary>True when the engine or its language data is not installed (install it; retrying will not help).</summary>
    public bool EngineMissing { get; }
}
