namespace NanoKvm.Imaging.Jpeg;

/// <summary>One colour component as declared in the frame header.</summary>
/// <param name="Id">Component identifier (usually 1 = Y, 2 = Cb, 3 = Cr).</param>
/// <param name="HorizontalSampling">Horizontal sampling factor (1–4).</param>
/// <param name="VerticalSampling">Vertical sampling factor (1–4).</param>
/// <param name="QuantizationTableId">Which quantization table (0–3) the component uses.</param>
public sealed record JpegComponentInfo(int Id, int HorizontalSampling, int VerticalSampling, int QuantizationTableId);
