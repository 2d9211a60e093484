namespace NanoKvm.Client.Hid;

/// <summary>What to do with characters the chosen layout cannot type.</summary>
public enum UnmappableCharacterHandling
{
    /// <summary>Throw <see cref="ArgumentException"/> naming them, before anything is sent (default).</summary>
    Fail,

    /// <summary>Type the rest and list the skipped characters in the result.</summary>
    Skip,
}

/// <summary>Options of <see cref="KeyboardClient.TypeTextAsync(string, TypeTextOptions?, CancellationToken)"/>.</summary>
public sealed class TypeTextOptions
{
    /// <summary>The target host's keyboard layout: <c>us</c> (default), <c>de</c>, <c>fr</c> or <c>uk</c>.</summary>
    public string Layout { get; set; } = "us";

    /// <summary>Fail before sending (default) or skip characters the layout cannot type.</summary>
    public UnmappableCharacterHandling Unmappable { get; set; } = UnmappableCharacterHandling.Fail;

    /// <summary>Pause between reports; null uses <see cref="NanoKvmHidOptions.ReportPace"/>.</summary>
    public TimeSpan? Pace { get; set; }

    /// <summary>
    /// Compensate for Caps Lock (default true): when the device reports Caps Lock on (firmware 2.5.0 and later), or,
    /// without such a report, when <see cref="KeyboardClient.HostLockState"/> says it is on, letters are typed with
    /// Shift inverted so the text comes out as written.
    /// </summary>
    public bool CompensateCapsLock { get; set; } = true;
}

/// <summary>What a typing call did.</summary>
/// <param name="TypedCharacters">Characters sent to the host.</param>
/// <param name="SkippedCharacters">Characters not typed (unmappable on the layout or the device), in order of first appearance.</param>
public sealed record TypeTextResult(int TypedCharacters, IReadOnlyList<string> SkippedCharacters);

/// <summary>What a paste call did.</summary>
/// <param name="Requests">Paste requests sent (the text is split at the firmware's size limit).</param>
/// <param name="TypedCharacters">Characters the device's own map can type.</param>
/// <param name="SkippedCharacters">Characters the device's map does not contain and silently skips, in order of first appearance.</param>
public sealed record PasteResult(int Requests, int TypedCharacters, IReadOnlyList<string> SkippedCharacters);
