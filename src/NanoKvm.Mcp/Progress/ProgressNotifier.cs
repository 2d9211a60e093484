using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Client.Hid;

namespace NanoKvm.Mcp.Progress;

/// <summary>
/// Sends <c>notifications/progress</c> for one tool call whose caller asked for it (gave a <c>progressToken</c>):
/// the highest value reported so far, at most every <see cref="Interval"/> and only when it grew, from one loop so
/// notifications never overtake each other, and the last value before the call's result. Values lower than one
/// already sent are dropped: progress never goes backwards.
/// </summary>
/// <remarks>
/// Reports are cheap (a field write under a lock), so the SDK can report every typed character. Notifications go
/// out from a timer rather than per report so a fast typist does not flood the client, and because the SDK's own
/// <c>IProgress</c> sends fire-and-forget, which can reorder notifications.
/// </remarks>
internal sealed partial class ProgressNotifier : IAsyncDisposable
{
    /// <summary>How often a grown value is sent: well inside the "at least every second" promise.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly McpServer? _server;
    private readonly ProgressToken _token;
    private readonly ILogger? _logger;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _callToken;
    private readonly Task _loop;
    private (double Progress, double? Total, string? Message)? _latest;
    private double _sent = double.NegativeInfinity;
    private bool _failed;

    private ProgressNotifier(McpServer? server, ProgressToken? token, ILogger? logger, CancellationToken callToken)
    {
        _server = server;
        _token = token ?? default;
        _logger = logger;
        _callToken = callToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        _loop = server is not null && token is not null ? Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None) : Task.CompletedTask;
    }

    /// <summary>True when the caller asked for progress; without it every report is ignored.</summary>
    public bool IsRequested => _server is not null;

    /// <summary>Starts reporting for the call in <paramref name="context"/>.</summary>
    public static ProgressNotifier Start(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = context.Params?.ProgressToken;
        var logger = context.Services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? factory.CreateLogger("NanoKvm.Mcp.Progress") : null;
        return new ProgressNotifier(token is null ? null : context.Server, token, logger, cancellationToken);
    }

    /// <summary>Records progress; sent with the next tick when it is above what was sent.</summary>
    /// <param name="progress">Work done so far, in the call's units.</param>
    /// <param name="total">Work in all, when known.</param>
    /// <param name="message">What is happening, in words.</param>
    public void Report(double progress, double? total, string? message = null)
    {
        if (!IsRequested || double.IsNaN(progress))
        {
            return;
        }

        lock (_gate)
        {
            if (_latest is { } latest && latest.Progress >= progress)
            {
                return;
            }

            _latest = (progress, total, message);
        }
    }

    /// <summary>Typed characters as progress: <paramref name="offset"/> plus what the SDK reports, of <paramref name="total"/>.</summary>
    public IProgress<TypingProgress>? Characters(int offset = 0, int? total = null, string? step = null) =>
        IsRequested ? new CharacterProgress(this, offset, total, step) : null;

    /// <summary>Stops the timer and sends the last value if it was not sent yet (unless the call was cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        if (!_callToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None);
        }

        _stop.Dispose();
        _sending.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            (double Progress, double? Total, string? Message) value;
            lock (_gate)
            {
                if (_failed || _latest is not { } latest || latest.Progress <= _sent)
                {
                    return;
                }

                value = latest;
            }

            try
            {
                await _server!.NotifyProgressAsync(
                    _token,
                    new ProgressNotificationValue { Progress = (float)value.Progress, Total = value.Total is { } t ? (float)t : null, Message = value.Message },
                    cancellationToken: cancellationToken);
                _sent = value.Progress;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A client that cannot take notifications must not fail the call itself.
                _failed = true;
                if (_logger is not null)
                {
                    LogNotifyFailed(_logger, e.Message);
                }
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Progress notifications stopped: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string reason);

    private sealed class CharacterProgress(ProgressNotifier owner, int offset, int? total, string? step) : IProgress<TypingProgress>
    {
        public void Report(TypingProgress value)
        {
            var done = offset + value.Sent;
            var all = total ?? offset + value.Total;
            owner.Report(done, all, $"{step}{(step is null ? string.Empty : ": ")}typed {done} of {all} characters");
        }
    }
}
