namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>A component of the frame being decoded: its geometry, its sample plane and its per-scan coding state.</summary>
internal sealed class FrameComponent
{
    private byte[]? _plane;

    public FrameComponent(JpegComponentInfo info, FrameGeometry frame)
    {
        Info = info;
        var ratioX = frame.MaxHorizontal / info.HorizontalSampling;
        var ratioY = frame.MaxVertical / info.VerticalSampling;
        var blockSize = frame.BlockSize;

        // When decoding reduced, a subsampled component can use a larger reduced IDCT instead of being upsampled
        // afterwards (4:2:0 at 1/2 scale: chroma decoded 8x8, luma 4x4). Sharper, cheaper, and what libjpeg does.
        if (ratioX == ratioY && blockSize * ratioX <= 8 && (ratioX & (ratioX - 1)) == 0)
        {
            blockSize *= ratioX;
        }

        HorizontalRatio = ratioX * frame.BlockSize / blockSize;
        VerticalRatio = ratioY * frame.BlockSize / blockSize;

        BlocksPerLine = DivideRoundingUp(DivideRoundingUp(frame.Width * info.HorizontalSampling, frame.MaxHorizontal), 8);
        BlocksPerColumn = DivideRoundingUp(DivideRoundingUp(frame.Height * info.VerticalSampling, frame.MaxVertical), 8);
        BlockSize = blockSize;
        Width = DivideRoundingUp(frame.OutputWidth, HorizontalRatio);
        Height = DivideRoundingUp(frame.OutputHeight, VerticalRatio);
        Stride = frame.McusX * info.HorizontalSampling * blockSize;
        Rows = frame.McusY * info.VerticalSampling * blockSize;
    }

    public JpegComponentInfo Info { get; }

    /// <summary>How many output pixels one plane sample covers horizontally (max H / H, or less when the component uses a larger reduced IDCT).</summary>
    public int HorizontalRatio { get; }

    /// <summary>How many output pixels one plane sample covers vertically.</summary>
    public int VerticalRatio { get; }

    /// <summary>Samples per block edge in the plane: 8 at full scale, 4, 2 or 1 when scaled.</summary>
    public int BlockSize { get; }

    /// <summary>Meaningful samples per row (the rest of the plane is block padding).</summary>
    public int Width { get; }

    /// <summary>Meaningful sample rows.</summary>
    public int Height { get; }

    /// <summary>Blocks per row in a non-interleaved scan of this component.</summary>
    public int BlocksPerLine { get; }

    /// <summary>Block rows in a non-interleaved scan of this component.</summary>
    public int BlocksPerColumn { get; }

    public int Stride { get; }

    public int Rows { get; }

    /// <summary>The samples, allocated on first use: only once a scan has shown there is data to fill it.</summary>
    public byte[] Plane => _plane ??= new byte[Stride * Rows];

    public HuffmanDecodingTable? DcTable { get; set; }

    public HuffmanDecodingTable? AcTable { get; set; }

    /// <summary>Quantization table in zig-zag order, latched when a scan of this component starts.</summary>
    public float[]? Quantization { get; set; }

    public int Predictor { get; set; }

    public bool Decoded { get; set; }

    public static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;
}
