namespace NanoKvm.Client.Http.WebSockets;

/// <summary>
/// Websocket.Client starts receiving on a new socket before it announces the connection, and stops counting as
/// "connecting" only after the announcement; a close or loss inside that window is dropped without a reconnect, so
/// the socket would stay dead for good. (The HID socket covers the common case, a close before the announcement, by
/// marking its connection dead; the H.264 stream, which has no calls of its own to find a dead socket, uses this.)
/// The owner calls <see cref="AttemptStarted"/> from its connection factory and
/// <see cref="Connected"/> when the library announces a connection; its check then runs at once and once more after
/// the window has surely passed — unless a new attempt started meanwhile, which means the library noticed the loss.
/// </summary>
internal sealed class ConnectingWindowCheck
{
    private static readonly TimeSpan LateCheck = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private long _attempts;

    public ConnectingWindowCheck(TimeProvider time) => _time = time;

    /// <summary>The factory began an attempt.</summary>
    public void AttemptStarted() => Interlocked.Increment(ref _attempts);

    /// <summary>Runs <paramref name="check"/> (which replaces a dead socket) now and after the window.</summary>
    public void Connected(Action check)
    {
        var attempts = Interlocked.Read(ref _attempts);
        void RunIfNoNewAttempt()
        {
            if (Interlocked.Read(ref _attempts) == attempts)
            {
                check();
            }
        }

        RunIfNoNewAttempt();
        _ = Task.Delay(LateCheck, _time).ContinueWith(
            _ => RunIfNoNewAttempt(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
