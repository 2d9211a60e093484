namespace NanoKvm.Client.Hid;

/// <summary>
/// How far a typing call has got, reported through the <see cref="IProgress{T}"/> given to
/// <see cref="KeyboardClient.TypeTextAsync(string, TypeTextOptions?, IProgress{TypingProgress}?, CancellationToken)"/>
/// or <see cref="KeyboardClient.PasteAsync(string, string, IProgress{TypingProgress}?, CancellationToken)"/>.
/// </summary>
/// <param name="Sent">
/// Characters sent so far: for <c>TypeTextAsync</c>, characters whose key release the HID socket has taken; for
/// <c>PasteAsync</c>, characters of the paste requests the device has finished. Only increases.
/// </param>
/// <param name="Total">Characters the call will send when it completes (characters that are skipped are not counted).</param>
public readonly record struct TypingProgress(int Sent, int Total);
