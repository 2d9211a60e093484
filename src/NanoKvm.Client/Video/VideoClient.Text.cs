using System.Diagnostics;
using NanoKvm.Client.Video.Mjpeg;
using NanoKvm.Client.Video.Text;

namespace NanoKvm.Client.Video;

// Reading the screen's text: a read, a find, and waits for text to appear or go away (docs/video.md, "Text on screen").
public partial class VideoClient
{
    private ITextRecognizer Recognizer => _owner.Options.Video.TextRecognizer ?? TesseractTextRecognizer.Default;

    /// <summary>Takes a fresh screenshot and reads its text (optionally only a region of it).</summary>
    /// <param name="options">Region and pre-processing; boxes are in the frame's pixels.</param>
    /// <param name="screenshot">How the screenshot is taken.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The frame and its text; dispose it.</returns>
    /// <exception cref="TextRecognitionException">The recognizer is missing (e.g. Tesseract not installed) or failed.</exception>
    public virtual async Task<ScreenText> ReadTextAsync(
        TextRecognitionOptions? options = null, ScreenshotOptions? screenshot = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var frame = await GetScreenshotAsync(screenshot, cancellationToken).ConfigureAwait(false);
        try
        {
            var text = await RecognizeAsync(frame, options, cancellationToken).ConfigureAwait(false);
            return new ScreenText(frame, text, [], 1, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Takes a fresh screenshot and finds <paramref name="query"/> in its text.</summary>
    /// <param name="query">A literal text or a pattern.</param>
    /// <param name="options">Region and pre-processing.</param>
    /// <param name="screenshot">How the screenshot is taken.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The frame, its text and the matches (empty when not found); dispose it.</returns>
    /// <exception cref="TextRecognitionException">The recognizer is missing or failed.</exception>
    public virtual async Task<ScreenText> FindTextAsync(
        TextQuery query, TextRecognitionOptions? options = null, ScreenshotOptions? screenshot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var read = await ReadTextAsync(options, screenshot, cancellationToken).ConfigureAwait(false);
        using (read)
        {
            return new ScreenText(read.Frame.Share(), read.Text, read.Text.Find(query), 1, read.Elapsed);
        }
    }

    /// <summary>
    /// Waits until <paramref name="query"/> appears on screen and returns the frame it appeared in. Fresh frames are
    /// polled and a frame is read only when it differs from the last one read, so a still screen costs nothing.
    /// </summary>
    /// <param name="query">A literal text or a pattern.</param>
    /// <param name="timeout">Longest wait.</param>
    /// <param name="options">Region and pre-processing.</param>
    /// <param name="progress">Told after each read.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The frame with the text, and the matches; dispose it.</returns>
    /// <exception cref="NanoKvmTimeoutException">The text did not appear within <paramref name="timeout"/>.</exception>
    /// <exception cref="TextRecognitionException">The recognizer is missing or failed.</exception>
    public virtual Task<ScreenText> WaitForTextAsync(
        TextQuery query, TimeSpan timeout, TextRecognitionOptions? options = null, IProgress<TextWaitProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        WaitForTextCoreAsync(query, timeout, options, progress, present: true, cancellationToken);

    /// <summary>Waits until <paramref name="query"/> is no longer on screen (a dialog closed, a spinner's label went away).</summary>
    /// <param name="query">A literal text or a pattern.</param>
    /// <param name="timeout">Longest wait.</param>
    /// <param name="options">Region and pre-processing.</param>
    /// <param name="progress">Told after each read.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first frame read without the text; dispose it.</returns>
    /// <exception cref="NanoKvmTimeoutException">The text was still there at <paramref name="timeout"/>.</exception>
    /// <exception cref="TextRecognitionException">The recognizer is missing or failed.</exception>
    public virtual Task<ScreenText> WaitForTextGoneAsync(
        TextQuery query, TimeSpan timeout, TextRecognitionOptions? options = null, IProgress<TextWaitProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        WaitForTextCoreAsync(query, timeout, options, progress, present: false, cancellationToken);

    private Task<RecognizedText> RecognizeAsync(VideoFrame frame, TextRecognitionOptions? options, CancellationToken cancellationToken) =>
        Recognizer.RecognizeAsync(TextImage.FromFrame(frame), options, cancellationToken);

    private async Task<ScreenText> WaitForTextCoreAsync(
        TextQuery query, TimeSpan timeout, TextRecognitionOptions? options, IProgress<TextWaitProgress>? progress, bool present,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckWait(timeout, nameof(timeout));
        _owner.ThrowIfDisposed();
        var started = Stopwatch.GetTimestamp();
        using var timeoutSource = new CancellationTokenSource(timeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var lease = _frames.Acquire();
        VideoFrame? frame = null;
        byte[]? lastRead = null;
        var reads = 0;
        try
        {
            var failures = _frames.Failures;
            (frame, var counter) = await CaptureAsync(ScreenshotOptions.Default, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var hash = frame.HashBytes();
                if (lastRead is null || !hash.AsSpan().SequenceEqual(lastRead))
                {
                    var text = await RecognizeAsync(frame, options, linked.Token).ConfigureAwait(false);
                    lastRead = hash;
                    reads++;
                    var matches = text.Find(query);
                    progress?.Report(new TextWaitProgress(reads, Stopwatch.GetElapsedTime(started), timeout));
                    if (matches.Count > 0 == present)
                    {
                        var answer = new ScreenText(frame, text, matches, reads, Stopwatch.GetElapsedTime(started));
                        frame = null;
                        return answer;
                    }
                }

                // The shared source keeps only the newest frame, so a slow read skips straight to the latest screen.
                var (next, nextCounter) = await _frames.WaitForFrameAsync(counter, failures, linked.Token).ConfigureAwait(false);
                frame.Dispose();
                (frame, counter) = (next, nextCounter);
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NanoKvmTimeoutException(
                $"The text {query} {(present ? "did not appear" : "was still on screen")} within {Seconds(timeout)} s ({reads} frames read).",
                MjpegConnection.Endpoint, innerException: null);
        }
        finally
        {
            frame?.Dispose();
        }
    }
}
