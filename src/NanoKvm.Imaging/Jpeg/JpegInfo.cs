namespace NanoKvm.Imaging.Jpeg;

/// <summary>What the frame header of a JPEG says, read without decoding any pixels.</summary>
public sealed class JpegInfo
{
    internal JpegInfo(int width, int height, int precision, byte frameMarker, IReadOnlyList<JpegComponentInfo> components)
    {
        Width = width;
        Height = height;
        Precision = precision;
        Components = components;
        IsProgressive = frameMarker is 0xC2 or 0xC6 or 0xCA or 0xCE;
        IsArithmetic = frameMarker >= 0xC9;
        IsLossless = frameMarker is 0xC3 or 0xC7 or 0xCB or 0xCF;
        IsHierarchical = frameMarker is 0xC5 or 0xC6 or 0xC7 or 0xCD or 0xCE or 0xCF;
        Subsampling = ClassifySubsampling(components);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels (0 when the file defers it to a DNL marker, which the decoder does not support).</summary>
    public int Height { get; }

    /// <summary>Bits per sample (8 for everything this decoder accepts; 12 or 16 otherwise).</summary>
    public int Precision { get; }

    /// <summary>Number of colour components: 1 for grayscale, 3 for YCbCr.</summary>
    public int ComponentCount => Components.Count;

    /// <summary>The components with their sampling factors.</summary>
    public IReadOnlyList<JpegComponentInfo> Components { get; }

    /// <summary>
    /// The chroma subsampling of a three-component image when it is one of the usual layouts (first component 1×1,
    /// 2×1 or 2×2, the others 1×1); null for grayscale or unusual layouts.
    /// </summary>
    public ChromaSubsampling? Subsampling { get; }

    /// <summary>Progressive coding (SOF2, SOF6, SOF10, SOF14); not decodable here.</summary>
    public bool IsProgressive { get; }

    /// <summary>Arithmetic entropy coding (SOF9 and up); not decodable here.</summary>
    public bool IsArithmetic { get; }

    /// <summary>Lossless coding (SOF3, SOF7, SOF11, SOF15); not decodable here.</summary>
    public bool IsLossless { get; }

    /// <summary>Hierarchical (differential) coding (SOF5–7, SOF13–15); not decodable here.</summary>
    public bool IsHierarchical { get; }

    private static ChromaSubsampling? ClassifySubsampling(IReadOnlyList<JpegComponentInfo> components)
    {
        if (components.Count != 3
            || components[1] is not { HorizontalSampling: 1, VerticalSampling: 1 }
            || components[2] is not { HorizontalSampling: 1, VerticalSampling: 1 })
        {
            return null;
        }

        return (components[0].HorizontalSampling, components[0].VerticalSampling) switch
        {
            (1, 1) => ChromaSubsampling.Yuv444,
            (2, 1) => ChromaSubsampling.Yuv422,
            (2, 2) => ChromaSubsampling.Yuv420,
            _ => null,
        };
    }
}
