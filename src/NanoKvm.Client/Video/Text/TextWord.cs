namespace NanoKvm.Client.Video.Text;

/// <summary>A recognized word.</summary>
/// <param name="Text">The word as read.</param>
/// <param name="Box">Where it is, in pixels of the recognized image.</param>
/// <param name="Confidence">The engine's confidence, 0–100.</param>
public sealed record TextWord(string Text, TextBox Box, double Confidence);
