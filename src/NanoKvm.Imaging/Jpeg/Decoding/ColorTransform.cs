namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>How three decoded components map to RGB.</summary>
internal enum ColorTransform
{
    /// <summary>JFIF YCbCr (BT.601 full range), the norm.</summary>
    YCbCr,

    /// <summary>Components already are R, G, B (Adobe transform 0, or component ids 'R' 'G' 'B').</summary>
    None,
}
