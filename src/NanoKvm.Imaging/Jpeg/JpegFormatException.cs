namespace NanoKvm.Imaging.Jpeg;

/// <summary>
/// The data is not a JPEG this codec can decode: malformed, truncated, over the size limit, or using a coding process
/// other than baseline/extended sequential Huffman. The only exception the decoder throws for bad input.
/// </summary>
public class JpegFormatException : FormatException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public JpegFormatException()
        : base("Invalid JPEG data.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public JpegFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the byte offset where the problem was found.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">Byte offset in the input; appended to the message.</param>
    public JpegFormatException(string message, int offset)
        : base($"{message} (at byte offset {offset})")
    {
        Offset = offset;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public JpegFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset in the input where the problem was found, when known.</summary>
    public int? Offset { get; }
}
