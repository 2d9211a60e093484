using System.Net.WebSockets;
using Websocket.Client;

namespace NanoKvm.Client.Http.WebSockets;

/// <summary>
/// What the device sockets run by Websocket.Client (<c>/api/ws</c> and the direct H.264 stream) share: the library's
/// settings, a bounded stop, and how its disconnection reports become our errors and log reasons.
/// </summary>
internal static class LibrarySocket
{
    /// <summary>
    /// A client that connects only through <paramref name="open"/>, which waits out the back-off and bounds login and
    /// upgrade itself; the library's own bound only catches a factory that hangs beyond all of those. Failed attempts
    /// are retried at once (the factory paces them); silence is not a loss (liveness is the WebSocket ping with a
    /// timeout); the library's logger stays silent (it logs every failed attempt at error level).
    /// </summary>
    public static WebsocketClient Create(
        Uri uri, string name, Func<Uri, CancellationToken, Task<WebSocket>> open, TimeSpan maxReconnectDelay, TimeSpan requestTimeout, bool textAsStrings) =>
        new(uri, null, open)
        {
            Name = name,
            ConnectTimeout = maxReconnectDelay + (3 * requestTimeout) + TimeSpan.FromSeconds(1),
            ErrorReconnectTimeout = TimeSpan.Zero,
            LostReconnectTimeout = null,
            ReconnectTimeout = null,
            IsTextMessageConversionEnabled = textAsStrings,
        };

    /// <summary>Stops the client with a close the device answers within <paramref name="bound"/> (none: no bound).</summary>
    /// <returns>Why the close went unanswered, or null when it was answered.</returns>
    public static async Task<string?> StopAsync(WebsocketClient client, WebSocketCloseStatus status, string reason, TimeSpan? bound, TimeProvider time)
    {
        try
        {
            var stop = client.Stop(status, reason);
            await (bound is { } limit ? stop.WaitAsync(limit, time) : stop).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is TimeoutException or WebSocketException or ObjectDisposedException or Websocket.Client.Exceptions.WebsocketException)
        {
            return ex.Message;
        }
    }

    /// <summary>A failed connection attempt as the error callers see.</summary>
    public static NanoKvmException AttemptFailure(DisconnectionInfo info, string endpoint) =>
        info.Exception as NanoKvmException
        ?? new NanoKvmException(
            $"{endpoint} could not be opened: {DeviceText.Clean(info.Exception?.Message) ?? "unknown error"}.", endpoint, innerException: info.Exception);

    /// <summary>A refused login is not retried: each attempt would be a password check on the device.</summary>
    public static bool IsRefusedLogin(NanoKvmException failure) => failure is NanoKvmAuthenticationException or NanoKvmForbiddenException;

    /// <summary>Why a connection ended, for logs and errors: the device's close code and text, or the loss.</summary>
    /// <param name="info">The library's report.</param>
    /// <param name="what">What ended, e.g. "socket" or "stream".</param>
    public static string DescribeLoss(DisconnectionInfo info, string what) =>
        (int?)info.CloseStatus is { } code
            ? $"the device closed the {what} ({code}{(string.IsNullOrEmpty(info.CloseStatusDescription) ? string.Empty : ": " + DeviceText.Clean(info.CloseStatusDescription))})"
            : $"the {what} was lost ({DeviceText.Clean(info.Exception?.Message) ?? info.Type.ToString()})";
}
