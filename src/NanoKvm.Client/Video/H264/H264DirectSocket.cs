using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Auth;
using NanoKvm.Client.Http;
using NanoKvm.Client.Http.WebSockets;
using NanoKvm.Client.Resilience;
using Websocket.Client;

namespace NanoKvm.Client.Video.H264;

/// <summary>
/// The life of one <c>/api/stream/h264/direct</c> viewer, owned by Websocket.Client: it connects through
/// <see cref="OpenForLibraryAsync"/> (our factory: the client's handler and TLS rule, session cookie, no Origin, one
/// re-login on HTTP 401, a fresh login after close 4401, back-off before every retry), receives the device's frames
/// and reconnects after a loss. The device never closes this socket on purpose: gorilla drops the TCP connection when
/// its write fails, its read deadline passes or the server restarts (<c>service/stream/direct/h264.go</c>
/// <c>Connect</c>, <c>client.go</c> <c>writeLoop</c>), so every loss is met with a reconnect, and what follows it
/// starts at a keyframe. What ends the stream: the consumer (dispose), a refused login, a malformed or oversized
/// frame, or <see cref="H264StreamOptions.ReconnectAttempts"/> failed attempts in a row.
/// </summary>
internal sealed partial class H264DirectSocket : IAsyncDisposable
{
    private const int CloseSessionRevoked = 4401;
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(2);

    private readonly ApiConnection _api;
    private readonly string _pathAndQuery;
    private readonly H264DirectFraming _framing;
    private readonly bool _acknowledge;
    private readonly H264StreamOptions _options;
    private readonly NanoKvmClientOptions _clientOptions;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConnectionPacer _pacer;
    private readonly ConnectingWindowCheck _window;
    private readonly WebsocketClient _client;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly object _gate = new();
    private SessionTicket? _ticket;
    private MessageSizeCappedWebSocket? _current;
    private long _connection;
    private int _failures;
    private bool _closing;
    private bool _warned;

    public H264DirectSocket(
        ApiConnection api, string pathAndQuery, H264DirectFraming framing, bool acknowledge, H264StreamOptions options,
        NanoKvmClientOptions clientOptions, ILogger logger)
    {
        _api = api;
        _pathAndQuery = pathAndQuery;
        _framing = framing;
        _acknowledge = acknowledge;
        _options = options;
        _clientOptions = clientOptions;
        _logger = logger;
        _time = clientOptions.TimeProvider;
        _pacer = new ConnectionPacer(
            new ReconnectBackoff(options.ReconnectDelay, options.MaxReconnectDelay, stableAfter: TimeSpan.FromSeconds(5)), _time);
        _window = new ConnectingWindowCheck(_time);
        Queue = new H264UnitQueue(
            acknowledge ? options.FlowWindow : H264UnitQueue.DefaultMaxUnits, Math.Max(H264UnitQueue.DefaultMaxBytes, clientOptions.Video.MaxFrameBytes));

        // 2.2.x JSON frames arrive as bytes, parsed straight from UTF-8 without a string in between.
        _client = LibrarySocket.Create(
            new Uri(api.BaseAddress, pathAndQuery), "nanokvm-h264", OpenForLibraryAsync, options.MaxReconnectDelay, clientOptions.RequestTimeout, textAsStrings: false);
        _subscriptions.Add(_client.MessageReceived.Subscribe(OnMessage));
        _subscriptions.Add(_client.DisconnectionHappened.Subscribe(OnDisconnected));
        _subscriptions.Add(_client.ReconnectionHappened.Subscribe(_ => OnConnected()));
    }

    /// <summary>What was received and not yet taken.</summary>
    public H264UnitQueue Queue { get; }

    public Task StartAsync() => _client.Start();

    /// <summary>
    /// Tells a 2.5.0+ device the consumer took <paramref name="unit"/>, so it may send more. Units from a connection
    /// that has since been replaced are not acknowledged: the new connection's window starts empty. A failed send is
    /// the connection's loss, which the library notices and replaces.
    /// </summary>
    public async ValueTask AcknowledgeAsync(H264AccessUnit unit)
    {
        if (!_acknowledge || unit.Connection != Interlocked.Read(ref _connection))
        {
            return;
        }

        try
        {
            await _client.SendInstant(H264DirectMessages.Acknowledgement(unit.TimestampMicroseconds)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            LogAcknowledgeFailed(_logger, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
        }

        Queue.Complete(null);
        if (_client.IsRunning)
        {
            if (await LibrarySocket.StopAsync(_client, WebSocketCloseStatus.NormalClosure, "viewer closed", CloseBound, _time).ConfigureAwait(false) is { } unanswered)
            {
                LogCloseUnanswered(_logger, unanswered);
            }
        }

        _client.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    /// <summary>The library's connection factory: back-off, optional fresh login, one upgrade.</summary>
    private async Task<WebSocket> OpenForLibraryAsync(Uri uri, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, typeof(NanoKvmClient));
        }

        _window.AttemptStarted();
        var renew = await _pacer.WaitBeforeAttemptAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (renew)
            {
                await _api.Session.RenewAsync(_ticket, cancellationToken).ConfigureAwait(false);
            }

            var web = await _api.ConnectWebSocketAsync(_pathAndQuery, _clientOptions.Hid.PingInterval, _clientOptions.Hid.PingTimeout, cancellationToken)
                .ConfigureAwait(false);
            _ticket = await _api.Session.GetAsync(cancellationToken).ConfigureAwait(false);
            _pacer.Opened(_time.GetUtcNow());
            var socket = new MessageSizeCappedWebSocket(web.Socket, _clientOptions.Video.MaxFrameBytes, H264DirectMessages.Endpoint);
            lock (_gate)
            {
                _current = socket;
                Interlocked.Increment(ref _connection);
            }

            return socket;
        }
        catch
        {
            _pacer.Failed(renew);
            throw;
        }
    }

    private void OnMessage(ResponseMessage message)
    {
        if (message.Binary is not { } bytes)
        {
            return;
        }

        H264AccessUnit unit;
        try
        {
            unit = H264DirectMessages.Parse(bytes, _framing, Interlocked.Read(ref _connection), _time.GetUtcNow());
        }
        catch (NanoKvmException ex)
        {
            // A device that sends garbage will send it again after a reconnect: tell the consumer instead.
            Queue.Complete(ex);
            return;
        }

        Queue.Offer(unit);
    }

    private void OnConnected()
    {
        long connection;
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _failures = 0;
            connection = Interlocked.Read(ref _connection);
        }

        _window.Connected(() => ReplaceIfDeadUnannounced(connection));
    }

    /// <summary>Ends or replaces connection <paramref name="connection"/> when it died unannounced (see <see cref="ConnectingWindowCheck"/>).</summary>
    private void ReplaceIfDeadUnannounced(long connection)
    {
        MessageSizeCappedWebSocket? current;
        lock (_gate)
        {
            if (_closing || Interlocked.Read(ref _connection) != connection)
            {
                return;
            }

            current = _current;
        }

        if (current?.Refusal is { } refusal)
        {
            // Stopping the library keeps it from announcing and replacing this dead socket later.
            EndWithRefusal(refusal);
            _ = Task.Run(StopQuietlyAsync, CancellationToken.None);
        }
        else if (current is { State: not WebSocketState.Open })
        {
            _ = Task.Run(_client.Reconnect, CancellationToken.None);
        }
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

        // Our own refusal of an oversized frame: frames of that size would come again.
        MessageSizeCappedWebSocket? current;
        lock (_gate)
        {
            current = _current;
        }

        if ((info.Exception as NanoKvmException ?? current?.Refusal) is { } refusal)
        {
            info.CancelReconnection = true;
            EndWithRefusal(refusal);
            return;
        }

        var reason = LibrarySocket.DescribeLoss(info, "stream");
        if (_options.ReconnectAttempts == 0)
        {
            info.CancelReconnection = true;
            Queue.Complete(new NanoKvmException($"{H264DirectMessages.Endpoint} broke off: {reason}.", H264DirectMessages.Endpoint, innerException: info.Exception));
            return;
        }

        if ((int?)info.CloseStatus == CloseSessionRevoked)
        {
            _pacer.RenewSessionFirst();
        }

        bool warn;
        lock (_gate)
        {
            // A device dropping every connection at once is one warning until a connection proves stable again.
            warn = !_warned || _pacer.LastLivedStably();
            _warned = true;
        }

        Queue.Reconnected();
        if (warn)
        {
            LogReconnecting(_logger, reason);
        }
        else
        {
            LogStillReconnecting(_logger, reason);
        }
    }

    private async Task StopQuietlyAsync()
    {
        if (await LibrarySocket.StopAsync(_client, WebSocketCloseStatus.MessageTooBig, "frame too large", bound: null, _time).ConfigureAwait(false) is { } unanswered)
        {
            LogCloseUnanswered(_logger, unanswered);
        }
    }

    private void EndWithRefusal(NanoKvmException refusal)
    {
        LogGaveUp(_logger, refusal.Message);
        Queue.Complete(new NanoKvmException(
            $"{refusal.Message.TrimEnd('.')}; raise NanoKvmVideoOptions.MaxFrameBytes for larger frames.", refusal.Endpoint, innerException: refusal));
    }

    /// <summary>An attempt failed: retry (after back-off, in the factory), or end the stream with the failure.</summary>
    private void OnAttemptFailed(DisconnectionInfo info)
    {
        var failure = LibrarySocket.AttemptFailure(info, H264DirectMessages.Endpoint);
        var fatal = LibrarySocket.IsRefusedLogin(failure);
        bool giveUp;
        lock (_gate)
        {
            _failures++;
            giveUp = fatal || _failures > _options.ReconnectAttempts;
        }

        if (giveUp)
        {
            info.CancelReconnection = true;
            LogGaveUp(_logger, failure.Message);
            Queue.Complete(failure);
        }
        else
        {
            LogAttemptFailed(_logger, failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "H.264 stream interrupted, reconnecting with back-off: {Reason}")]
    private static partial void LogReconnecting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "H.264 stream interrupted again, reconnecting with back-off: {Reason}")]
    private static partial void LogStillReconnecting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "H.264 stream attempt failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "H.264 stream given up: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "H.264 acknowledgement not sent: {Reason}")]
    private static partial void LogAcknowledgeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "H.264 socket close was not answered: {Reason}")]
    private static partial void LogCloseUnanswered(ILogger logger, string reason);
}
