namespace NanoKvm.Client.Video.Text;

/// <summary>Reads the text in an image: words and lines with their pixel boxes and confidence.</summary>
/// <remarks>
/// Implementations must be safe to call concurrently. <see cref="TesseractTextRecognizer"/> is the built-in one; plug
/// another engine in through <see cref="NanoKvmVideoOptions.TextRecognizer"/>.
/// </remarks>
public interface ITextRecognizer
{
    /// <summary>Recognizes the text of <paramref name="image"/>.</summary>
    /// <param name="image">The image (encoded, or grayscale pixels).</param>
    /// <param name="options">Region and pre-processing; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the recognition.</param>
    /// <returns>The lines and words found, with boxes in <paramref name="image"/>'s pixels.</returns>
    /// <exception cref="TextRecognitionException">The engine is missing or failed.</exception>
    Task<RecognizedText> RecognizeAsync(TextImage image, TextRecognitionOptions? options = null, CancellationToken cancellationToken = default);
}
