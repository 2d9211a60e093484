namespace NanoKvm.Client.Video.Text;

/// <summary>A rectangle in image pixels (left, top, width, height).</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct TextBox(int X, int Y, int Width, int Height)
{
    /// <summary>The right edge (exclusive).</summary>
    public int Right => X + Width;

    /// <summary>The bottom edge (exclusive).</summary>
    public int Bottom => Y + Height;

    /// <summary>The horizontal centre (what a click on this box aims at).</summary>
    public double CenterX => X + Width / 2.0;

    /// <summary>The vertical centre.</summary>
    public double CenterY => Y + Height / 2.0;

    /// <summary>Whether this box lies entirely inside <paramref name="other"/>.</summary>
    /// <param name="other">The enclosing box.</param>
    /// <returns>True when every pixel of this box is inside <paramref name="other"/>.</returns>
    public bool IsInside(TextBox other) => X >= other.X && Y >= other.Y && Right <= other.Right && Bottom <= other.Bottom;

    /// <summary>The smallest box holding this box and <paramref name="other"/>.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>The union.</returns>
    public TextBox Union(TextBox other)
    {
        var x = Math.Min(X, other.X);
        var y = Math.Min(Y, other.Y);
        return new TextBox(x, y, Math.Max(Right, other.Right) - x, Math.Max(Bottom, other.Bottom) - y);
    }

    /// <summary>This box moved by (<paramref name="dx"/>, <paramref name="dy"/>).</summary>
    /// <param name="dx">Horizontal shift.</param>
    /// <param name="dy">Vertical shift.</param>
    /// <returns>The moved box.</returns>
    public TextBox Offset(int dx, int dy) => this with { X = X + dx, Y = Y + dy };
}
