using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>A line of recognized text.</summary>
internal sealed record TextLineResult(
    [property: Description("The line's words joined by single spaces.")] string Text,
    [property: Description("Its box in screenshot pixels: x, y, width, height.")] IReadOnlyList<int> Box,
    [property: Description("Lowest word confidence 0-100.")] double Confidence);

/// <summary>Where a text was found.</summary>
internal sealed record TextMatchResult(
    [property: Description("The matched text as read.")] string Text,
    [property: Description("Its box in screenshot pixels: x, y, width, height.")] IReadOnlyList<int> Box,
    [property: Description("Centre x in screenshot pixels (what nanokvm_click_text clicks).")] double CenterX,
    [property: Description("Centre y in screenshot pixels.")] double CenterY,
    [property: Description("Lowest confidence 0-100 of the words it covers.")] double Confidence,
    [property: Description("The whole line it is in.")] string Line);

/// <summary>The text on screen.</summary>
internal sealed record TextReadResult(
    [property: Description("Device used.")] string Device,
    [property: Description("All recognized lines joined by line feeds.")] string Text,
    [property: Description("The lines, top to bottom.")] IReadOnlyList<TextLineResult> Lines,
    [property: Description("Width of the frame that was read: boxes and later x/y are its pixels.")] int Width,
    [property: Description("Height of the frame that was read.")] int Height,
    [property: Description("The region read, in screenshot pixels (x, y, width, height); null for the whole screen.")] IReadOnlyList<int>? Region,
    [property: Description("Id of the frame read: usable as frame_id for pointer actions.")] string FrameId,
    [property: Description("How long recognition took, in milliseconds.")] long ElapsedMs,
    [property: Description("What happened, in words.")] string Message);

/// <summary>The outcome of looking for a text.</summary>
internal sealed record TextFindResult(
    [property: Description("Device used.")] string Device,
    [property: Description("True when the text was found at least once.")] bool Found,
    [property: Description("The matches, top to bottom (empty when not found).")] IReadOnlyList<TextMatchResult> Matches,
    [property: Description("Width of the frame that was read: boxes and later x/y are its pixels.")] int Width,
    [property: Description("Height of the frame that was read.")] int Height,
    [property: Description("Id of the frame read: usable as frame_id for pointer actions.")] string FrameId,
    [property: Description("What happened, in words.")] string Message);

/// <summary>The outcome of waiting for a text.</summary>
internal sealed record TextWaitResult(
    [property: Description("Device used.")] string Device,
    [property: Description("True when the text appeared before the timeout; false when the timeout passed (an answer, not an error).")] bool Found,
    [property: Description("How long the wait took, in milliseconds.")] long WaitedMs,
    [property: Description("How many changed frames were read.")] int Reads,
    [property: Description("The matches in the frame where the text appeared (empty when not found).")] IReadOnlyList<TextMatchResult> Matches,
    [property: Description("Width of that frame (boxes are its pixels); null when not found.")] int? Width,
    [property: Description("Height of that frame; null when not found.")] int? Height,
    [property: Description("Id of that frame, usable as frame_id; null when not found.")] string? FrameId,
    [property: Description("What happened, in words.")] string Message);
