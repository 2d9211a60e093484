namespace NanoKvm.Emulator.Host.Screen;

/// <summary>A moment on the emulated screen: the frame id, what it shows (null for a sent frame), and when.</summary>
/// <param name="FrameId">The content's id (see <see cref="ScreenModel.FrameId"/>).</param>
/// <param name="Content">What the host displays from then on; null when the moment is a frame going out.</param>
/// <param name="Timestamp">The emulator clock's <see cref="TimeProvider.GetTimestamp"/> at that moment.</param>
internal readonly record struct ScreenChange(long FrameId, ScreenContent? Content, long Timestamp);
