namespace NanoKvm.Client.Video.Text;

/// <summary>The text read from one screen frame, with the matches of a query when there was one. Dispose it to return the frame.</summary>
public sealed class ScreenText : IDisposable
{
    internal ScreenText(VideoFrame frame, RecognizedText text, IReadOnlyList<TextMatch> matches, int reads, TimeSpan elapsed)
    {
        Frame = frame;
        Text = text;
        Matches = matches;
        Reads = reads;
        Elapsed = elapsed;
    }

    /// <summary>The frame that was read; boxes are in its pixels.</summary>
    public VideoFrame Frame { get; }

    /// <summary>Everything recognized in it (within the requested region).</summary>
    public RecognizedText Text { get; }

    /// <summary>The query's matches, top to bottom; empty for a plain read, or when a wait for text to go away ended.</summary>
    public IReadOnlyList<TextMatch> Matches { get; }

    /// <summary>The first match, or null.</summary>
    public TextMatch? Match => Matches.Count > 0 ? Matches[0] : null;

    /// <summary>How many frames were recognized (1 for a read; more when a wait re-read changed frames).</summary>
    public int Reads { get; }

    /// <summary>Time from the call to the answer.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public void Dispose() => Frame.Dispose();
}
