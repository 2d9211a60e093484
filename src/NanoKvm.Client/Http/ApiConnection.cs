using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Auth;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Http;

/// <summary>
/// The transport of one client: sends REST calls with the session cookie, unwraps the device envelope, maps
/// errors, re-logs in once on HTTP 401, and opens WebSockets with the same cookie and TLS settings.
/// </summary>
internal sealed partial class ApiConnection : IDisposable
{
    private const int MaxReplyBytes = 16 * 1024 * 1024;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public ApiConnection(NanoKvmClientOptions options, ILogger logger)
    {
        Options = options;
        _logger = logger;
        BaseAddress = options.Address!;
        Certificates = new CertificatePolicy(options);
        _handler = DeviceHandlerFactory.Create(options, Certificates);
        _http = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        Session = new SessionManager(this, options, logger);
    }

    public NanoKvmClientOptions Options { get; }

    public Uri BaseAddress { get; }

    public CertificatePolicy Certificates { get; }

    public SessionManager Session { get; }

    public TimeProvider Time => Options.TimeProvider;

    /// <summary>The shared handler, for callers that stream (MJPEG) and need the raw response.</summary>
    public HttpMessageInvoker Invoker => _http;

    public Task<T> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        SendAsync(new ApiRequest(HttpMethod.Get, path), typeInfo, cancellationToken);

    public async Task<T> SendAsync<T>(ApiRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return reply.Read(typeInfo);
    }

    public static byte[] Json<T>(T body, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);

    /// <summary>Sends an authenticated call; one re-login and retry on HTTP 401.</summary>
    public async Task<DeviceReply> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var session = await Session.GetAsync(cancellationToken).ConfigureAwait(false);
        var raw = await SendRawAsync(request, session.CookieHeader, cancellationToken).ConfigureAwait(false);
        if (raw.Status == HttpStatusCode.Unauthorized)
        {
            LogSessionRejected(_logger, request.Endpoint);
            session = await Session.RenewAsync(session, cancellationToken).ConfigureAwait(false);
            raw = await SendRawAsync(request, session.CookieHeader, cancellationToken).ConfigureAwait(false);
            if (raw.Status == HttpStatusCode.Unauthorized)
            {
                throw new NanoKvmAuthenticationException(
                    $"{request.Endpoint} was refused with HTTP 401 ({EnvelopeReader.BareText(raw.Body)}) even after a fresh login.",
                    request.Endpoint, raw.Status, null, null);
            }
        }

        return Interpret(request.Endpoint, raw);
    }

    /// <summary>Sends a call without the session cookie (login).</summary>
    public Task<RawReply> SendAnonymousAsync(ApiRequest request, CancellationToken cancellationToken) =>
        SendRawAsync(request, cookieHeader: null, cancellationToken);

    /// <summary>Maps a reply to its data or a <see cref="NanoKvmException"/>.</summary>
    /// <param name="endpoint">Named in errors.</param>
    /// <param name="raw">The reply.</param>
    /// <param name="secret">The body may carry a session token (login): errors describe it without quoting it.</param>
    public DeviceReply Interpret(string endpoint, RawReply raw, bool secret = false)
    {
        switch (raw.Status)
        {
            case HttpStatusCode.OK:
                break;
            case HttpStatusCode.Forbidden:
                throw new NanoKvmForbiddenException(
                    $"{endpoint} is not allowed for account '{Options.Username}' (HTTP 403 {BodyText(raw.Body, secret)}); the device reserves it for admin accounts.",
                    endpoint);
            case HttpStatusCode.NotFound:
                throw new NanoKvmException(
                    $"{endpoint} does not exist on this device (HTTP 404); its firmware may predate the feature.",
                    endpoint, raw.Status);
            case >= HttpStatusCode.MovedPermanently and <= HttpStatusCode.PermanentRedirect:
                throw new NanoKvmException(
                    $"{endpoint} was redirected (HTTP {(int)raw.Status}) to {DeviceText.Clean(raw.Location) ?? "another address"}; the device probably serves HTTPS only — configure that address.",
                    endpoint, raw.Status);
            default:
                throw new NanoKvmException(
                    $"{endpoint} failed with HTTP {(int)raw.Status}: {BodyText(raw.Body, secret)}",
                    endpoint, raw.Status);
        }

        var envelope = EnvelopeReader.Parse(endpoint, raw.Status, raw.Body, secret);
        if (envelope.Code != 0)
        {
            throw new NanoKvmException(
                $"{endpoint} failed: device code {envelope.Code} \"{envelope.Message}\".",
                endpoint, raw.Status, envelope.Code, envelope.Message);
        }

        return new DeviceReply(endpoint, envelope.Data, raw.Headers);
    }

    private static string BodyText(byte[] body, bool secret) =>
        secret ? EnvelopeReader.Describe(body, secret: true) : EnvelopeReader.BareText(body);

    private async Task<RawReply> SendRawAsync(ApiRequest request, string? cookieHeader, CancellationToken cancellationToken)
    {
        var timeout = Options.RequestTimeout + request.ExtraTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var message = new HttpRequestMessage(request.Method, new Uri(BaseAddress, request.Path));
        if (cookieHeader is not null)
        {
            message.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        }

        if (request.JsonBody is not null)
        {
            message.Content = new ByteArrayContent(request.JsonBody);
            message.Content.Headers.ContentType = JsonMediaType;
        }

        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            byte[] body;
            try
            {
                body = await ReadBodyAsync(request.Endpoint, response, linked.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                // The headers arrived, so the device was reached: the reply itself broke off.
                throw new NanoKvmException(
                    $"{request.Endpoint} broke off while its reply was read: {DescribeFailure(ex)}", request.Endpoint, response.StatusCode, innerException: ex);
            }

            LogCall(_logger, request.Endpoint, (int)response.StatusCode);
            var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
                ? values.ToArray()
                : [];
            return new RawReply(
                response.StatusCode,
                body,
                setCookies.Length == 0 ? HttpResponseHeadersSnapshot.Empty : new HttpResponseHeadersSnapshot(setCookies),
                response.Headers.Location?.ToString());
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NanoKvmTimeoutException(
                $"{request.Endpoint} got no answer within {timeout.TotalSeconds:0.###} s.", request.Endpoint, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new NanoKvmException(
                $"{request.Endpoint} could not reach the device at {BaseAddress}: {DescribeFailure(ex)}",
                request.Endpoint, innerException: ex);
        }
        catch (IOException ex)
        {
            throw BrokeOff(request.Endpoint, ex);
        }
    }

    /// <summary>A reply whose body ended early or whose connection broke while it was read (HttpIOException and kin).</summary>
    private static NanoKvmException BrokeOff(string endpoint, IOException ex) => new(
        $"{endpoint} broke off while its reply was read: {DeviceText.Clean(ex.Message)}", endpoint, innerException: ex);

    private static async Task<byte[]> ReadBodyAsync(string endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxReplyBytes)
        {
            throw new NanoKvmException($"{endpoint} sent a reply larger than {MaxReplyBytes} bytes.", endpoint, response.StatusCode);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxReplyBytes)
                {
                    throw new NanoKvmException($"{endpoint} sent a reply larger than {MaxReplyBytes} bytes.", endpoint, response.StatusCode);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="pathAndQuery"/> with the session cookie and the client's TLS rules,
    /// no <c>Origin</c> header (multi-user firmware refuses a foreign one), and one re-login on HTTP 401.
    /// </summary>
    public async Task<DeviceWebSocket> ConnectWebSocketAsync(string pathAndQuery, TimeSpan keepAliveInterval, TimeSpan keepAliveTimeout, CancellationToken cancellationToken)
    {
        var endpoint = "GET " + pathAndQuery;
        var uri = new Uri(BaseAddress, pathAndQuery);
        var session = await Session.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var (request, key) = WebSocketHandshake.CreateRequest(uri, session.CookieHeader);
            HttpResponseMessage response;
            using (request)
            using (var timeoutSource = new CancellationTokenSource(Options.RequestTimeout, Time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token))
            {
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new NanoKvmTimeoutException(
                        $"{endpoint} did not open within {Options.RequestTimeout.TotalSeconds:0.###} s.", endpoint, ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new NanoKvmException(
                        $"{endpoint} could not connect to the device at {BaseAddress}: {DescribeFailure(ex)}", endpoint, innerException: ex);
                }
            }

            var status = response.StatusCode;
            LogCall(_logger, endpoint, (int)status);
            var refusal = WebSocketHandshake.CheckAccepted(response, key);
            if (refusal is null)
            {
                // The response owns nothing else once upgraded; its content stream is the connection itself.
                var connection = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return new DeviceWebSocket(connection, keepAliveInterval, keepAliveTimeout);
            }

            response.Dispose();
            if (status == HttpStatusCode.Unauthorized && attempt == 0)
            {
                LogSessionRejected(_logger, endpoint);
                session = await Session.RenewAsync(session, cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw status switch
            {
                HttpStatusCode.Unauthorized => new NanoKvmAuthenticationException(
                    $"{endpoint} was refused with HTTP 401 even after a fresh login.", endpoint, status, null, null),
                HttpStatusCode.Forbidden => new NanoKvmForbiddenException(
                    $"{endpoint} was refused with HTTP 403 (role or Origin check).", endpoint),
                HttpStatusCode.SwitchingProtocols => new NanoKvmException(
                    $"{endpoint} could not be opened: {refusal}.", endpoint, status),
                _ => new NanoKvmException(
                    $"{endpoint} was refused with HTTP {(int)status}.", endpoint, status),
            };
        }
    }

    /// <summary>Opens a streaming GET (MJPEG) with the session cookie; the caller owns the response.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        var endpoint = "GET " + path;
        var session = await Session.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
            message.Headers.TryAddWithoutValidation("Cookie", session.CookieHeader);
            HttpResponseMessage response;
            using (var timeoutSource = new CancellationTokenSource(Options.RequestTimeout, Time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token))
            {
                try
                {
                    response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                        .ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new NanoKvmTimeoutException(
                        $"{endpoint} sent no headers within {Options.RequestTimeout.TotalSeconds:0.###} s.", endpoint, ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new NanoKvmException(
                        $"{endpoint} could not reach the device at {BaseAddress}: {DescribeFailure(ex)}", endpoint, innerException: ex);
                }
            }

            LogCall(_logger, endpoint, (int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            var status = response.StatusCode;
            byte[] body;
            using (response)
            using (var timeoutSource = new CancellationTokenSource(Options.RequestTimeout, Time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token))
            {
                try
                {
                    body = await ReadBodyAsync(endpoint, response, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new NanoKvmTimeoutException(
                        $"{endpoint} answered HTTP {(int)status} but its body did not arrive within {Options.RequestTimeout.TotalSeconds:0.###} s.", endpoint, ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new NanoKvmException($"{endpoint} broke off while its reply was read: {DescribeFailure(ex)}", endpoint, status, innerException: ex);
                }
                catch (IOException ex)
                {
                    throw BrokeOff(endpoint, ex);
                }
            }

            if (status == HttpStatusCode.Unauthorized && attempt == 0)
            {
                LogSessionRejected(_logger, endpoint);
                session = await Session.RenewAsync(session, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (status == HttpStatusCode.Unauthorized)
            {
                throw new NanoKvmAuthenticationException(
                    $"{endpoint} was refused with HTTP 401 even after a fresh login.", endpoint, status, null, null);
            }

            Interpret(endpoint, new RawReply(status, body, HttpResponseHeadersSnapshot.Empty, null));
            throw new NanoKvmException($"{endpoint} answered with an envelope instead of a stream.", endpoint, status);
        }
    }

    /// <summary>The exception's message, plus what to change when the TLS handshake refused the certificate.</summary>
    private static string DescribeFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException)
            {
                return DeviceText.Clean(ex.Message) + " The device's certificate was not accepted; NanoKVM devices generate a self-signed one, so pin it with "
                    + "NanoKvmClientOptions.CertificateFingerprint or set AcceptSelfSignedCertificate.";
            }
        }

        return DeviceText.Clean(ex.Message)!;
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
        Session.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Endpoint} -> {Status}")]
    private static partial void LogCall(ILogger logger, string endpoint, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Endpoint} was refused with HTTP 401; logging in again and retrying once")]
    private static partial void LogSessionRejected(ILogger logger, string endpoint);
}

/// <summary>A reply as received: status, body bytes and the headers login needs.</summary>
internal readonly record struct RawReply(HttpStatusCode Status, byte[] Body, HttpResponseHeadersSnapshot Headers, string? Location);
