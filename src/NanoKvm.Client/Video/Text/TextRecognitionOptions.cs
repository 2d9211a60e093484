namespace NanoKvm.Client.Video.Text;

/// <summary>What part of an image to read and how to prepare it for the engine.</summary>
public sealed class TextRecognitionOptions
{
    /// <summary>The defaults: the whole image, no upscaling, dark backgrounds inverted.</summary>
    public static TextRecognitionOptions Default { get; } = new();

    /// <summary>
    /// Only this region (image pixels). Pixel images are cropped before recognition; an encoded image is read whole
    /// and only words whose centre lies inside are kept. Boxes stay in the whole image's pixels either way.
    /// </summary>
    public TextBox? Region { get; init; }

    /// <summary>
    /// Enlarge pixel images by this factor (1–4, default 1) before recognition: helps text under about 10 pixels high.
    /// Ignored for encoded images.
    /// </summary>
    public int Upscale { get; init; } = 1;

    /// <summary>
    /// Invert pixel images whose mean brightness is below half (light text on a dark screen) so the engine sees dark
    /// text on light, as it was trained (default true). Ignored for encoded images.
    /// </summary>
    public bool InvertDark { get; init; } = true;

    /// <summary>Words below this confidence (0–100, default 0) are dropped.</summary>
    public double MinConfidence { get; init; }

    internal static void Validate(TextRecognitionOptions options, TextImage image)
    {
        var (upscale, minConfidence, region0) = (options.Upscale, options.MinConfidence, options.Region);
        if (upscale is < 1 or > 4)
        {
            throw new ArgumentException($"Upscale must be 1 to 4 (was {upscale}).", nameof(options));
        }

        if (minConfidence is < 0 or > 100 || double.IsNaN(minConfidence))
        {
            throw new ArgumentException($"MinConfidence must be 0 to 100 (was {minConfidence}).", nameof(options));
        }

        if (region0 is { } region && (region.Width < 1 || region.Height < 1 || region.X < 0 || region.Y < 0
            || region.Right > image.Width || region.Bottom > image.Height))
        {
            throw new ArgumentException(
                $"The region {region} must have a positive size and lie inside the {image.Width}×{image.Height} image.", nameof(options));
        }
    }
}
