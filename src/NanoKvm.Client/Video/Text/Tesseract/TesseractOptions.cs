namespace NanoKvm.Client.Video.Text;

/// <summary>How <see cref="TesseractTextRecognizer"/> runs the <c>tesseract</c> command.</summary>
public sealed class TesseractOptions
{
    /// <summary>The executable: a path, or a name looked up on PATH (default <c>tesseract</c>).</summary>
    public string ExecutablePath { get; init; } = "tesseract";

    /// <summary>Language(s) of the trained data, e.g. <c>eng</c> or <c>eng+deu</c> (default <c>eng</c>).</summary>
    public string Language { get; init; } = "eng";

    /// <summary>
    /// Tesseract's page segmentation mode (default 6, one uniform block of text: on captured screens it kept title
    /// bars and menu rows that automatic (3) and sparse (11) segmentation dropped; see docs/video.md).
    /// </summary>
    public int PageSegmentationMode { get; init; } = 6;

    /// <summary>
    /// Threads one recognition may use (default 1). Tesseract's OpenMP threads made each call slower on a busy
    /// two-core machine (0.6 s with one thread, 2–6 s with all); concurrent calls parallelize instead.
    /// </summary>
    public int Threads { get; init; } = 1;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ExecutablePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(Language);
        if (Language.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '_')))
        {
            throw new ArgumentException("Language must be trained-data names joined by '+', e.g. eng or eng+deu.", nameof(Language));
        }

        if (PageSegmentationMode is < 0 or > 13)
        {
            throw new ArgumentException($"Tesseract page segmentation modes are 0 to 13 (was {PageSegmentationMode}).", nameof(PageSegmentationMode));
        }

        if (Threads is < 1 or > 64)
        {
            throw new ArgumentException($"Threads must be 1 to 64 (was {Threads}).", nameof(Threads));
        }
    }
}
