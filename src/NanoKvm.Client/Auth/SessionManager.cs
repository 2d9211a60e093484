using System.Net;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Auth;

/// <summary>
/// Owns the client's login: logs in lazily, shares one login among concurrent callers (single flight), and renews
/// the session when the device rejects it (reboot, web logout, revoked user). It never logs out by itself —
/// on most firmware a logout would end every other session of the device, the owner's browser included.
/// </summary>
internal sealed partial class SessionManager : IDisposable
{
    private const string LoginPath = "/api/auth/login";
    private readonly ApiConnection _connection;
    private readonly NanoKvmClientOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private SessionTicket? _current;
    private Task<SessionTicket>? _inflight;
    private long _generation;
    private DeviceModel? _probedModel;
    private LoginPasswordEncoding? _proEncoding;

    public SessionManager(ApiConnection connection, NanoKvmClientOptions options, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
    }

    /// <summary>Raised after every successful login with the new generation (HID and video reconnect on it).</summary>
    public event Action<long>? Renewed;

    public bool IsAuthenticated => Volatile.Read(ref _current) is not null;

    /// <summary>Number of logins performed; tests use it to prove single flight.</summary>
    public long LoginCount => Interlocked.Read(ref _generation);

    public Task<SessionTicket> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        return current is not null ? Task.FromResult(current) : RenewAsync(null, cancellationToken);
    }

    /// <summary>
    /// Logs in again unless another caller already replaced <paramref name="stale"/>. Concurrent callers share
    /// one login; a caller's cancellation stops its wait, not the login others depend on.
    /// </summary>
    public Task<SessionTicket> RenewAsync(SessionTicket? stale, CancellationToken cancellationToken)
    {
        Task<SessionTicket> flight;
        lock (_gate)
        {
            if (_current is not null && !ReferenceEquals(_current, stale))
            {
                return Task.FromResult(_current);
            }

            _current = null;
            flight = _inflight ??= LoginAndPublishAsync();
        }

        return flight.WaitAsync(cancellationToken);
    }

    private async Task<SessionTicket> LoginAndPublishAsync()
    {
        try
        {
            var token = await LoginAsync(_lifetime.Token).ConfigureAwait(false);
            var ticket = new SessionTicket(Interlocked.Increment(ref _generation), token);
            lock (_gate)
            {
                _current = ticket;
                _inflight = null;
            }

            LogLoggedIn(_logger, _options.Username, ticket.Generation);
            Renewed?.Invoke(ticket.Generation);
            return ticket;
        }
        catch
        {
            lock (_gate)
            {
                _inflight = null;
            }

            throw;
        }
    }

    /// <summary>The device family: pinned, or probed before the first login; null before that.</summary>
    public DeviceModel? Model => _options.DeviceModel ?? PinnedModel() ?? _probedModel;

    private async Task<string> LoginAsync(CancellationToken cancellationToken)
    {
        using var span = Diagnostics.NanoKvmTelemetry.StartOperation("nanokvm.login", _connection.BaseAddress);
        span?.SetTag("user.name", _options.Username);
        try
        {
            return await LoginCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Diagnostics.NanoKvmTelemetry.Fail(span, ex);
            throw;
        }
    }

    private async Task<string> LoginCoreAsync(CancellationToken cancellationToken)
    {
        var model = Model;
        if (model is null)
        {
            model = await DeviceFamilyProbe.ProbeAsync(_connection, cancellationToken).ConfigureAwait(false);
            _probedModel = model;
        }

        if (model != DeviceModel.Pro)
        {
            return await LoginWithAsync(PasswordObfuscator.Obfuscate(_options.Password), cancellationToken).ConfigureAwait(false);
        }

        // The Pro's app version is only readable after login, so the encoding that worked is remembered: plaintext
        // (1.2.6+) first, then the 1.2.4 scheme under the Pro key. A wrong password thus costs both attempts once.
        var encodings = _proEncoding is { } known ? [known]
            : PinnedVersion() is { } pinned && pinned < new FirmwareVersion(1, 2, 6) ? [LoginPasswordEncoding.ProObfuscated]
            : new[] { LoginPasswordEncoding.Plaintext, LoginPasswordEncoding.ProObfuscated };
        for (var i = 0; ; i++)
        {
            var field = encodings[i] == LoginPasswordEncoding.Plaintext
                ? _options.Password
                : PasswordObfuscator.ObfuscateWith(_options.Password, PasswordObfuscator.ProPassphrase);
            try
            {
                var token = await LoginWithAsync(field, cancellationToken).ConfigureAwait(false);
                _proEncoding = encodings[i];
                return token;
            }
            catch (NanoKvmAuthenticationException ex) when (i + 1 < encodings.Length
                && (ex.DeviceCode == -2 || ex.StatusCode == HttpStatusCode.InternalServerError))
            {
                // The other scheme may be the one this release reads.
            }
        }
    }

    private FirmwareVersion? PinnedVersion() =>
        FirmwareVersion.TryParse(_options.FirmwareVersion, out var version) ? version : null;

    // A pinned version names the family too: the Pro's app is 1.x, the Cube/PCIe firmware 2.x, so no probe is needed.
    private DeviceModel? PinnedModel() => PinnedVersion() switch
    {
        { Major: 1 } => DeviceModel.Pro,
        { Major: >= 2 } => DeviceModel.Cube,
        _ => null,
    };

    private async Task<string> LoginWithAsync(string passwordField, CancellationToken cancellationToken)
    {
        var body = ApiConnection.Json(
            new LoginRequest(_options.Username, passwordField),
            AuthJsonContext.Default.LoginRequest);

        // Failed logins are answered after a deliberate 2–3 s delay, so allow for it on top of the usual timeout.
        var request = new ApiRequest(HttpMethod.Post, LoginPath, body, TimeSpan.FromSeconds(5));
        var raw = await _connection.SendAnonymousAsync(request, cancellationToken).ConfigureAwait(false);
        if (raw.Status == HttpStatusCode.InternalServerError)
        {
            throw new NanoKvmAuthenticationException(
                $"{request.Endpoint} failed with HTTP 500: the device could not decrypt the password field.",
                request.Endpoint, raw.Status, null, null);
        }

        if (raw.Status is HttpStatusCode.Unauthorized)
        {
            throw new NanoKvmAuthenticationException(
                $"{request.Endpoint} was refused with HTTP 401.", request.Endpoint, raw.Status, null, null);
        }

        DeviceReply reply;
        try
        {
            reply = _connection.Interpret(request.Endpoint, raw, secret: true);
        }
        catch (NanoKvmException ex) when (ex.DeviceCode is int code && code != 0)
        {
            LogLoginFailed(_logger, _options.Username, code);
            throw code switch
            {
                -2 => new NanoKvmAuthenticationException(
                    $"Login as '{_options.Username}' failed: wrong username or password, or the account is disabled (device code -2).",
                    request.Endpoint, raw.Status, code, ex.DeviceMessage),
                -5 => new NanoKvmAccountLockedException(
                    $"Login as '{_options.Username}' refused: the device locked logins from this address after repeated failures (device code -5). Wait for the lock to expire.",
                    request.Endpoint, raw.Status, code, ex.DeviceMessage),
                _ => new NanoKvmAuthenticationException(
                    $"Login as '{_options.Username}' failed: device code {code} \"{ex.DeviceMessage}\".",
                    request.Endpoint, raw.Status, code, ex.DeviceMessage),
            };
        }

        string? token;
        try
        {
            token = reply.HasData ? reply.Read(AuthJsonContext.Default.LoginData).Token : null;
        }
        catch (NanoKvmException)
        {
            // The reader's message may quote the reply; this one carries the token, so say only what went wrong.
            throw new NanoKvmAuthenticationException(
                $"{request.Endpoint} succeeded but its data is not the expected {{\"token\": \"…\"}} object (the reply is not shown: it may carry the session token).",
                request.Endpoint, raw.Status, 0, null);
        }

        if (string.IsNullOrEmpty(token))
        {
            token = SetCookieParser.FindToken(reply.Headers.SetCookies);
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new NanoKvmAuthenticationException(
                $"{request.Endpoint} succeeded but the device returned no session token (neither data.token nor a {SetCookieParser.CookieName} cookie).",
                request.Endpoint, raw.Status, 0, null);
        }

        SessionToken.ThrowIfInvalid(token, request.Endpoint);
        return token;
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Logged in to the NanoKVM as {Username} (session #{Generation})")]
    private static partial void LogLoggedIn(ILogger logger, string username, long generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login as {Username} failed with device code {Code}")]
    private static partial void LogLoginFailed(ILogger logger, string username, int code);
}
