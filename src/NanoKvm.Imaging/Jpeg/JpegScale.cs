namespace NanoKvm.Imaging.Jpeg;

/// <summary>Output size relative to the encoded size; reduced scales are computed in the DCT domain, which is much cheaper.</summary>
public enum JpegScale
{
    /// <summary>Full size.</summary>
    Full = 1,

    /// <summary>Half width and height (rounded up).</summary>
    Half = 2,

    /// <summary>A quarter of the width and height (rounded up).</summary>
    Quarter = 4,

    /// <summary>An eighth of the width and height (rounded up): only the DC coefficient of each block is used.</summary>
    Eighth = 8,
}
