namespace NanoKvm.Client.Video.Text;

/// <summary>Where a <see cref="TextQuery"/> was found.</summary>
/// <param name="Text">The matched text as recognized.</param>
/// <param name="Box">Its box in pixels of the recognized image (estimated by character share inside partly matched words).</param>
/// <param name="Confidence">The lowest confidence of the words it covers, 0–100.</param>
/// <param name="Line">The whole line it was found in.</param>
public sealed record TextMatch(string Text, TextBox Box, double Confidence, TextLine Line);
