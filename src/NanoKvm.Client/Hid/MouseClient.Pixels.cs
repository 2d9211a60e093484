namespace NanoKvm.Client.Hid;

// Pointer actions addressed by a pixel of a frame of known size (usually a screenshot's VideoFrame.Width/Height).
// They map pixels exactly as MoveToPixelAsync does: the first and last pixel of a row or column are the screen's edges.
public partial class MouseClient
{
    /// <summary>Moves the absolute pointer to a pixel of a frame of the given size and clicks there.</summary>
    /// <param name="x">Pixel column, 0 … <paramref name="frameWidth"/> − 1.</param>
    /// <param name="y">Pixel row, 0 … <paramref name="frameHeight"/> − 1.</param>
    /// <param name="frameWidth">Width of the frame the pixel refers to (e.g. a screenshot's).</param>
    /// <param name="frameHeight">Height of that frame.</param>
    /// <param name="button">The button.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The pixel lies outside the frame, or the frame size is not positive.</exception>
    public virtual Task ClickAtPixelAsync(
        int x, int y, int frameWidth, int frameHeight, MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default)
    {
        var (nx, ny) = PixelToNormalized(x, y, frameWidth, frameHeight, nameof(x), nameof(y));
        return ClickAtCoreAsync(nx, ny, button, 1, cancellationToken);
    }

    /// <summary>Moves the absolute pointer to a normalized position and double-clicks there.</summary>
    /// <param name="x">0 (left) … 1 (right).</param>
    /// <param name="y">0 (top) … 1 (bottom).</param>
    /// <param name="button">The button.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up after the second click.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is NaN, infinite or outside 0…1.</exception>
    public virtual Task DoubleClickAtAsync(double x, double y, MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default) =>
        ClickAtCoreAsync(x, y, button, 2, cancellationToken);

    /// <summary>Moves the absolute pointer to a pixel of a frame of the given size and double-clicks there.</summary>
    /// <param name="x">Pixel column, 0 … <paramref name="frameWidth"/> − 1.</param>
    /// <param name="y">Pixel row, 0 … <paramref name="frameHeight"/> − 1.</param>
    /// <param name="frameWidth">Width of the frame the pixel refers to.</param>
    /// <param name="frameHeight">Height of that frame.</param>
    /// <param name="button">The button.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up after the second click.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The pixel lies outside the frame, or the frame size is not positive.</exception>
    public virtual Task DoubleClickAtPixelAsync(
        int x, int y, int frameWidth, int frameHeight, MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default)
    {
        var (nx, ny) = PixelToNormalized(x, y, frameWidth, frameHeight, nameof(x), nameof(y));
        return ClickAtCoreAsync(nx, ny, button, 2, cancellationToken);
    }

    /// <summary>
    /// Drags on the absolute pointer between two pixels of a frame of the given size: move to the start, press, move in
    /// steps to the end, release (see <see cref="DragAsync"/>).
    /// </summary>
    /// <param name="fromX">Start column, 0 … <paramref name="frameWidth"/> − 1.</param>
    /// <param name="fromY">Start row, 0 … <paramref name="frameHeight"/> − 1.</param>
    /// <param name="toX">End column.</param>
    /// <param name="toY">End row.</param>
    /// <param name="frameWidth">Width of the frame the pixels refer to.</param>
    /// <param name="frameHeight">Height of that frame.</param>
    /// <param name="button">The button held while moving.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A pixel lies outside the frame, or the frame size is not positive.</exception>
    public virtual Task DragPixelsAsync(
        int fromX, int fromY, int toX, int toY, int frameWidth, int frameHeight,
        MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default)
    {
        var (x0, y0) = PixelToNormalized(fromX, fromY, frameWidth, frameHeight, nameof(fromX), nameof(fromY));
        var (x1, y1) = PixelToNormalized(toX, toY, frameWidth, frameHeight, nameof(toX), nameof(toY));
        return DragAsync(x0, y0, x1, y1, button, cancellationToken);
    }

    private static (double X, double Y) PixelToNormalized(int x, int y, int frameWidth, int frameHeight, string xName, string yName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameHeight, 1);
        if (x < 0 || x >= frameWidth)
        {
            throw new ArgumentOutOfRangeException(xName, x, $"A pixel column of a {frameWidth}×{frameHeight} frame must be 0 … {frameWidth - 1}.");
        }

        if (y < 0 || y >= frameHeight)
        {
            throw new ArgumentOutOfRangeException(yName, y, $"A pixel row of a {frameWidth}×{frameHeight} frame must be 0 … {frameHeight - 1}.");
        }

        return PixelToNormalized(x, y, frameWidth, frameHeight);
    }
}
