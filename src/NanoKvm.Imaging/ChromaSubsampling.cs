namespace NanoKvm.Imaging;

/// <summary>How colour (Cb, Cr) is sampled relative to brightness (Y).</summary>
public enum ChromaSubsampling
{
    /// <summary>Full colour resolution (4:4:4).</summary>
    Yuv444,

    /// <summary>Half horizontal colour resolution (4:2:2); decode only.</summary>
    Yuv422,

    /// <summary>Half horizontal and vertical colour resolution (4:2:0), the usual choice.</summary>
    Yuv420,
}
