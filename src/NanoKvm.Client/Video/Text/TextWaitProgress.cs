namespace NanoKvm.Client.Video.Text;

/// <summary>Progress of a text wait, reported after each recognition of a changed frame.</summary>
/// <param name="Reads">Frames recognized so far.</param>
/// <param name="Elapsed">Time since the wait started.</param>
/// <param name="Timeout">The wait's limit.</param>
public sealed record TextWaitProgress(int Reads, TimeSpan Elapsed, TimeSpan Timeout);
