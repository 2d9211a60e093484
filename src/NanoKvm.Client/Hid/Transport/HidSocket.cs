using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Http.WebSockets;
using NanoKvm.Client.Resilience;
using Websocket.Client;

namespace NanoKvm.Client.Hid.Transport;

/// <summary>
/// The life of the <c>/api/ws</c> socket, owned by Websocket.Client: it connects through <see cref="OpenForLibraryAsync"/> (our
/// factory: the client's own handler and TLS rule, session cookie, no Origin, back-off), receives device pushes,
/// notices closes and losses, and reconnects. What stays ours is NanoKVM-specific: back-off before every attempt
/// (the library reconnects at once after a server close), one re-login after close 4401, giving up after
/// <see cref="NanoKvmHidOptions.ReconnectAttempts"/> failed attempts or at once on a refused login (the next call
/// starts again), and the connection state users observe.
/// </summary>
internal sealed partial class HidSocket : IDisposable
{
    private const int CloseSessionRevoked = 4401;

    /// <summary>
    /// The largest device message accepted. The device pushes small JSON (LEDs, capture status); the library would
    /// otherwise buffer any message whole, however large.
    /// </summary>
    internal const int MaxIncomingMessageBytes = 64 * 1024;

    private readonly Func<bool, CancellationToken, Task<HidConnection>> _open;
    private readonly NanoKvmHidOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly WebsocketClient _client;
    private readonly ConnectionPacer _pacer;
    private readonly object _gate = new();
    private readonly List<IDisposable> _subscriptions = [];
    private HidConnection? _opened;
    private HidConnection? _live;
    private TaskCompletionSource<HidConnection>? _waiter;
    private int _failures;
    private bool _givenUp;
    private bool _closing;
    private HidConnectionState _state;
    private bool _quiet;
    private string? _reason;

    /// <param name="uri">The socket's address (only for the library's bookkeeping: <paramref name="open"/> connects).</param>
    /// <param name="open">Opens one connection; its flag asks for a fresh login first (after close 4401).</param>
    /// <param name="options">Back-off and attempt limits.</param>
    /// <param name="requestTimeout">The bound of one login or upgrade.</param>
    /// <param name="logger">Where state changes are logged.</param>
    /// <param name="time">Clock for back-off delays.</param>
    public HidSocket(Uri uri, Func<bool, CancellationToken, Task<HidConnection>> open, NanoKvmHidOptions options, TimeSpan requestTimeout, ILogger logger, TimeProvider time)
    {
        _open = open;
        _options = options;
        _logger = logger;
        _time = time;
        _pacer = new ConnectionPacer(new ReconnectBackoff(options.ReconnectDelay, options.MaxReconnectDelay, stableAfter: TimeSpan.FromSeconds(5)), time);

        // Silence is normal on /api/ws (pushes only on change); pushes are JSON text.
        _client = LibrarySocket.Create(uri, "nanokvm-hid", OpenForLibraryAsync, options.MaxReconnectDelay, requestTimeout, textAsStrings: true);
        _subscriptions.Add(_client.ReconnectionHappened.Subscribe(_ => OnConnected()));
        _subscriptions.Add(_client.DisconnectionHappened.Subscribe(OnDisconnected));
        _subscriptions.Add(_client.MessageReceived.Subscribe(message =>
        {
            if (message.MessageType == WebSocketMessageType.Text && message.Text is { } text)
            {
                TextReceived?.Invoke(text);
            }
        }));
    }

    /// <summary>A text message from the device (pushes).</summary>
    public event Action<string>? TextReceived;

    /// <summary>A connection ended (closed by the device, lost, or found dead); raised once per connection.</summary>
    public event Action<HidConnection, string>? Lost;

    public event EventHandler<HidConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>Connections opened so far.</summary>
    public long ConnectionCount => Interlocked.Read(ref _connectionCount);

    private long _connectionCount;

    public HidConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The open connection, or null.</summary>
    public HidConnection? Live
    {
        get
        {
            lock (_gate)
            {
                return _live is { IsDead: false } live ? live : null;
            }
        }
    }

    /// <summary>The open connection; opens one (starting the library again after it gave up) when there is none.</summary>
    public Task<HidConnection> GetAsync(CancellationToken cancellationToken)
    {
        bool start;
        Task<HidConnection> wait;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, typeof(NanoKvmClient));
            if (_live is { IsDead: false } live)
            {
                return Task.FromResult(live);
            }

            start = _state is HidConnectionState.NotStarted || _givenUp;
            _givenUp = false;
            _waiter ??= new TaskCompletionSource<HidConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _waiter.Task;
        }

        if (start)
        {
            SetState(HidConnectionState.Connecting, null, null);
            _ = Task.Run(() => _client.IsStarted ? _client.Reconnect() : _client.Start(), CancellationToken.None);
        }

        return wait.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// A send on <paramref name="connection"/> failed or its liveness check timed out: it is dead. Aborting the
    /// socket makes the library notice and reconnect.
    /// </summary>
    public void Fail(HidConnection connection, string reason)
    {
        RaiseLost(connection, reason);
        connection.Web.Abort();
    }

    /// <summary>
    /// Closes for good: a normal close (1000) that the device answers within <paramref name="bound"/>, then the library
    /// is disposed. Not a failure, so nothing is logged above debug level.
    /// </summary>
    public async Task CloseAsync(TimeSpan bound)
    {
        HidConnection? live;
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            live = _live is { IsDead: false } open ? open : null;
            _waiter?.TrySetException(new ObjectDisposedException(nameof(NanoKvmClient)));
            _waiter = null;
        }

        SetState(HidConnectionState.Closed, "the client was disposed", null);
        if (live is not null && _client.IsRunning)
        {
            // Waiting for the device's answer means it read everything sent before (the last releases).
            if (await LibrarySocket.StopAsync(_client, WebSocketCloseStatus.NormalClosure, "client disposed", bound, _time).ConfigureAwait(false) is { } unanswered)
            {
                LogCloseUnanswered(_logger, unanswered);
            }
        }

        live?.MarkDead();
        Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closing = true;
            _waiter?.TrySetException(new ObjectDisposedException(nameof(NanoKvmClient)));
            _waiter = null;
        }

        _client.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    /// <summary>The library's connection factory: back-off, optional re-login, then one attempt.</summary>
    private async Task<WebSocket> OpenForLibraryAsync(Uri uri, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, typeof(NanoKvmClient));
        }

        var renew = await _pacer.WaitBeforeAttemptAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _open(renew, cancellationToken).ConfigureAwait(false);
            _pacer.Opened(connection.OpenedAt);
            lock (_gate)
            {
                _opened = connection;
            }

            return new MessageSizeCappedWebSocket(connection.Web.Socket, MaxIncomingMessageBytes, HidSession.Endpoint);
        }
        catch
        {
            _pacer.Failed(renew);
            throw;
        }
    }

    private void OnConnected()
    {
        TaskCompletionSource<HidConnection>? waiter;
        HidConnection? connection;
        lock (_gate)
        {
            connection = _opened;
            _opened = null;
            if (connection is null || _closing)
            {
                return;
            }

            if (connection.IsDead)
            {
                // The device closed it before the library announced it (it starts receiving first), and the library
                // ignores a close that arrives while it is still connecting: ask for the next connection ourselves.
                waiter = null;
            }
            else
            {
                _live = connection;
                _failures = 0;
                waiter = _waiter;
                _waiter = null;
            }
        }

        Interlocked.Increment(ref _connectionCount);
        if (waiter is null && connection.IsDead)
        {
            _ = Task.Run(_client.Reconnect, CancellationToken.None);
            return;
        }

        SetState(HidConnectionState.Connected, null, null);
        waiter?.TrySetResult(connection);
    }

    private void OnDisconnected(DisconnectionInfo info)
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }
        }

        if (info.Type == DisconnectionType.Error)
        {
            OnAttemptFailed(info);
            return;
        }

        var status = (int?)info.CloseStatus;

        // Our own refusals (an oversized message, closed by us with 1009) carry their reason; the rest is the device's.
        var reason = info.Exception is NanoKvmException ours
            ? ours.Message.TrimEnd('.')
            : LibrarySocket.DescribeLoss(info, "socket");
        HidConnection? live;
        lock (_gate)
        {
            // A connection that proved itself ends the quiet period: its loss is news worth a warning again.
            if ((_live ?? _opened) is { } ended && _pacer.LivedStably(ended.OpenedAt))
            {
                _quiet = false;
            }

            // A close can arrive before the library announced the connection (see OnConnected).
            live = _live ?? _opened;
            _live = null;
        }

        if (status == CloseSessionRevoked)
        {
            _pacer.RenewSessionFirst();
        }

        if (live is not null)
        {
            RaiseLost(live, reason);
        }

        SetState(HidConnectionState.Reconnecting, reason, status);
    }

    /// <summary>An attempt failed: retry (after back-off, in the factory), or give up and fail the waiting calls.</summary>
    private void OnAttemptFailed(DisconnectionInfo info)
    {
        var failure = LibrarySocket.AttemptFailure(info, HidSession.Endpoint);

        // A timeout fails the waiting calls at the documented time, while the library keeps trying in the background.
        var fatal = LibrarySocket.IsRefusedLogin(failure);
        TaskCompletionSource<HidConnection>? waiter = null;
        bool giveUp;
        lock (_gate)
        {
            _failures++;
            giveUp = fatal || _failures >= _options.ReconnectAttempts;
            if (giveUp || failure is NanoKvmTimeoutException)
            {
                waiter = _waiter;
                _waiter = null;
            }

            if (giveUp)
            {
                _givenUp = true;
                _failures = 0;
            }
        }

        if (giveUp)
        {
            info.CancelReconnection = true;
            SetState(HidConnectionState.Closed, failure.Message, null);
        }
        else
        {
            SetState(HidConnectionState.Reconnecting, failure.Message, null);
        }

        waiter?.TrySetException(failure);
    }

    private void RaiseLost(HidConnection connection, string reason)
    {
        if (connection.MarkDead())
        {
            lock (_gate)
            {
                if (ReferenceEquals(_live, connection))
                {
                    _live = null;
                }
            }

            Lost?.Invoke(connection, reason);
        }
    }

    /// <summary>Records and announces a state; logs only when the state itself changes, not per attempt.</summary>
    private void SetState(HidConnectionState state, string? reason, int? closeStatus)
    {
        HidConnectionState previous;
        bool warn;
        lock (_gate)
        {
            previous = _state;
            if (previous == state && reason == _reason)
            {
                return;
            }

            _state = state;
            _reason = reason;

            // A device that drops every connection right after opening flips Connected/Reconnecting per attempt:
            // warn once until a connection lives long enough to count as stable again.
            warn = state == HidConnectionState.Reconnecting && !_quiet;
            if (warn)
            {
                _quiet = true;
            }
        }

        if (previous != state)
        {
            switch (state)
            {
                case HidConnectionState.Reconnecting when warn:
                    LogReconnecting(_logger, reason ?? string.Empty);
                    break;
                case HidConnectionState.Reconnecting:
                    LogStillReconnecting(_logger, reason ?? string.Empty);
                    break;
                case HidConnectionState.Closed when reason != "the client was disposed":
                    LogGaveUp(_logger, reason ?? string.Empty);
                    break;
                default:
                    LogState(_logger, state);
                    break;
            }
        }

        StateChanged?.Invoke(this, new HidConnectionStateChangedEventArgs(state, reason, closeStatus));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "HID connection {State}")]
    private static partial void LogState(ILogger logger, HidConnectionState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HID connection unavailable, reconnecting with back-off: {Reason}")]
    private static partial void LogReconnecting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HID connection still unstable, reconnecting with back-off: {Reason}")]
    private static partial void LogStillReconnecting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HID connection given up until the next call: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HID socket close was not answered: {Reason}")]
    private static partial void LogCloseUnanswered(ILogger logger, string reason);
}
