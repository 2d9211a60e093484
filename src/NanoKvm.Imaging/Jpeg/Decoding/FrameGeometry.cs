namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>Frame-wide sizes derived from the frame header and the requested output scale.</summary>
internal sealed class FrameGeometry
{
    public FrameGeometry(JpegInfo info, int scale)
    {
        Width = info.Width;
        Height = info.Height;
        foreach (var component in info.Components)
        {
            MaxHorizontal = Math.Max(MaxHorizontal, component.HorizontalSampling);
            MaxVertical = Math.Max(MaxVertical, component.VerticalSampling);
        }

        McusX = FrameComponent.DivideRoundingUp(Width, 8 * MaxHorizontal);
        McusY = FrameComponent.DivideRoundingUp(Height, 8 * MaxVertical);
        BlockSize = 8 / scale;
        OutputWidth = FrameComponent.DivideRoundingUp(Width, scale);
        OutputHeight = FrameComponent.DivideRoundingUp(Height, scale);
    }

    public int Width { get; }

    public int Height { get; }

    public int MaxHorizontal { get; }

    public int MaxVertical { get; }

    /// <summary>MCUs per row of an interleaved scan.</summary>
    public int McusX { get; }

    /// <summary>MCU rows of an interleaved scan.</summary>
    public int McusY { get; }

    public int BlockSize { get; }

    public int OutputWidth { get; }

    public int OutputHeight { get; }
}
