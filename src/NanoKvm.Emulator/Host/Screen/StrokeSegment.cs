namespace NanoKvm.Emulator.Host.Screen;

/// <summary>A straight piece of a glyph's stroke from (X0, Y0) to (X1, Y1), inked within Radius of it (font units).</summary>
internal readonly record struct StrokeSegment(double X0, double Y0, double X1, double Y1, double Radius);
