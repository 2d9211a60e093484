using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace NanoKvm.Client.Video.Screenshots;

/// <summary>
/// Turns the device's MJPEG frame detection off while at least one screenshot needs a frame from a static screen,
/// and on again when the last one is done. Reference-counted so concurrent screenshots switch it once.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "SemaphoreSlim needs disposing only when its wait handle is used, which it never is here.")]
internal sealed partial class FrameDetectionBypass
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Func<bool, CancellationToken, Task> _setDetection;
    private readonly ILogger _logger;
    private int _users;

    public FrameDetectionBypass(Func<bool, CancellationToken, Task> setDetection, ILogger logger)
    {
        _setDetection = setDetection;
        _logger = logger;
    }

    public async Task<IAsyncDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_users == 0)
            {
                await _setDetection(false, cancellationToken).ConfigureAwait(false);
            }

            _users++;
        }
        finally
        {
            _gate.Release();
        }

        return new Exit(this);
    }

    private async ValueTask LeaveAsync()
    {
        // Restoring must happen even when the caller was cancelled: the setting is device-global.
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (--_users == 0)
            {
                try
                {
                    await _setDetection(true, CancellationToken.None).ConfigureAwait(false);
                }
                catch (NanoKvmException ex)
                {
                    // The caller already has its frame; failing it now would lose that. The device re-enables
                    // detection on its own when it restarts, which is the usual reason this call fails.
                    LogRestoreFailed(_logger, ex);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not switch MJPEG frame detection back on after a screenshot")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception);

    private sealed class Exit(FrameDetectionBypass owner) : IAsyncDisposable
    {
        private int _done;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _done, 1) == 0 ? owner.LeaveAsync() : ValueTask.CompletedTask;
    }
}
