using System.Globalization;
using NanoKvm.Client;
using NanoKvm.Client.Video;
using NanoKvm.Imaging;
using NanoKvm.Imaging.Jpeg;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>
/// Frame-bound pointer actions: before acting, the area around each target is compared with the frame the model
/// planned on (frame_id), refusing when it changed; after acting, optionally waits for the screen to change
/// (verify_change_ms) so a click that did nothing shows.
/// </summary>
internal sealed class FrameBinding : IDisposable
{
    internal const string FrameIdText = "Optional frame_id of the screenshot this action was planned on: the action is refused when the screen changed around the target since (unless force=true).";
    internal const string ForceText = "true: act even if the screen changed since frame_id (default false).";
    internal const string VerifyText = "Optional: after acting, wait up to this many milliseconds (100-30000) and report whether the screen changed.";

    /// <summary>Half the side of the square compared around a target, in frame pixels.</summary>
    internal const int Radius = 48;

    /// <summary>Share of changed pixels around a target above which the screen counts as changed.</summary>
    internal const double ChangedLimit = 0.02;

    private readonly KvmDevice _kvm;
    private readonly int? _verifyMs;
    private VideoFrame? _reference;

    private FrameBinding(KvmDevice kvm, int? verifyMs)
    {
        _kvm = kvm;
        _verifyMs = verifyMs;
    }

    public FrameCheckResult? Check { get; private set; }

    // Checks the frame binding (throwing ActionRefusedException when stale) and keeps a reference for verification.
    // Targets are fractions 0..1 of the full frame; the parameters carry the tools' argument names for error messages.
    public static Task<FrameBinding> BeginAsync(
        KvmDevice kvm, string? frame_id, bool force, int? verify_change_ms, IReadOnlyList<(double X, double Y)> targets, CancellationToken cancellationToken) =>
        BeginAsync(kvm, frame_id, force, verify_change_ms, targets, null, cancellationToken);

    // As above, with a name per target (a batch step) so a refusal says which target's area changed.
    public static async Task<FrameBinding> BeginAsync(
        KvmDevice kvm,
        string? frame_id,
        bool force,
        int? verify_change_ms,
        IReadOnlyList<(double X, double Y)> targets,
        IReadOnlyList<string>? targetNames,
        CancellationToken cancellationToken)
    {
        var frameId = frame_id;
        var verifyMs = verify_change_ms;
        if (verifyMs is { } ms && (ms < 100 || ms > 30_000))
        {
            throw new ArgumentOutOfRangeException(nameof(verify_change_ms), ms, "Must be between 100 and 30000.");
        }

        if (frameId is not null && string.IsNullOrWhiteSpace(frameId))
        {
            throw new ArgumentException("Give the frame_id of a screenshot result, or omit it.", nameof(frame_id));
        }

        var binding = new FrameBinding(kvm, verifyMs);
        try
        {
            if (frameId is null && verifyMs is null)
            {
                return binding;
            }

            var now = await kvm.Client.Video.GetScreenshotAsync(cancellationToken: cancellationToken);
            binding._reference = now;
            if (frameId is not null)
            {
                binding.Check = Compare(kvm, frameId, force, now, targets, targetNames);
            }

            return binding;
        }
        catch
        {
            binding.Dispose();
            throw;
        }
    }

    /// <summary>After the action: whether the screen changed within verify_change_ms; null when not asked.</summary>
    public async Task<ChangeCheckResult?> VerifyAsync(CancellationToken cancellationToken)
    {
        if (_verifyMs is not { } ms || _reference is null)
        {
            return null;
        }

        var started = TimeProvider.System.GetTimestamp();
        try
        {
            using var changed = await _kvm.Client.Video.WaitForChangeAsync(_reference, TimeSpan.FromMilliseconds(ms), cancellationToken: cancellationToken);
            return new ChangeCheckResult(true, Elapsed(started));
        }
        catch (NanoKvmTimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChangeCheckResult(false, Elapsed(started));
        }
    }

    public void Dispose() => _reference?.Dispose();

    private static long Elapsed(long started) => (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;

    private static FrameCheckResult Compare(
        KvmDevice kvm, string frameId, bool force, VideoFrame now, IReadOnlyList<(double X, double Y)> targets, IReadOnlyList<string>? targetNames)
    {
        var nowJpeg = now.ToArray();
        var currentId = kvm.Frames.Add(nowJpeg, now.Width, now.Height, now.ReceivedAt);
        var kept = kvm.Frames.Find(frameId);
        double changed = 1;
        var worst = -1;
        if (kept is not null && kept.Width == now.Width && kept.Height == now.Height)
        {
            var before = JpegDecoder.Decode(kept.Jpeg);
            var after = JpegDecoder.Decode(nowJpeg);
            changed = 0;
            for (var i = 0; i < targets.Count; i++)
            {
                var (fx, fy) = targets[i];
                var cx = (int)Math.Round(fx * (now.Width - 1));
                var cy = (int)Math.Round(fy * (now.Height - 1));
                var x = Math.Clamp(cx - Radius, 0, now.Width - 1);
                var y = Math.Clamp(cy - Radius, 0, now.Height - 1);
                var w = Math.Min(2 * Radius, now.Width - x);
                var h = Math.Min(2 * Radius, now.Height - y);
                var difference = FrameComparer.Compare(ImageCropper.Crop(before, x, y, w, h), ImageCropper.Crop(after, x, y, w, h));
                if (worst < 0 || difference.ChangedFraction > changed)
                {
                    (changed, worst) = (difference.ChangedFraction, i);
                }
            }
        }

        var isChanged = changed > ChangedLimit;
        if (isChanged && !force)
        {
            var why = kept is null
                ? $"frame_id {frameId} is unknown or too old (the last {FrameHistory.Capacity} frames are kept)"
                : string.Create(CultureInfo.InvariantCulture, $"{changed:P1} of the area around the target{Naming(targetNames, worst)} differs");
            throw new ActionRefusedException(
                $"the screen changed since that screenshot: {why}. The current screen is frame_id {currentId}; take a new " +
                "screenshot (nanokvm_screenshot) to see it and plan again, or pass force=true to act anyway.");
        }

        return new FrameCheckResult(frameId, currentId, Math.Round(changed, 4), isChanged, force);
    }

    private static string Naming(IReadOnlyList<string>? names, int index) =>
        names is not null && index >= 0 && index < names.Count ? $" of {names[index]}" : string.Empty;
}
