using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace NanoKvm.Mcp.Tests.Infrastructure;

/// <summary>Collects the <c>notifications/progress</c> a client receives for one progress token, in arrival order.</summary>
public sealed class ProgressRecorder : IAsyncDisposable
{
    private readonly List<ProgressNotificationValue> _values = [];
    private readonly IAsyncDisposable _registration;

    public ProgressRecorder(McpClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        Token = new ProgressToken(token);
        _registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            var value = JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions)!;
            if (value.ProgressToken.ToString() == token)
            {
                lock (_values)
                {
                    _values.Add(value.Progress);
                }
            }

            return ValueTask.CompletedTask;
        });
    }

    public ProgressToken Token { get; }

    public RequestOptions Options => new() { ProgressToken = Token };

    public IReadOnlyList<ProgressNotificationValue> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    /// <summary>Waits until a notification with <paramref name="progress"/> or more arrived (notifications may trail the result).</summary>
    public Task<bool> ReachedAsync(double progress) => Eventually.TrueAsync(() => Values.Any(v => v.Progress >= progress));

    public ValueTask DisposeAsync() => _registration.DisposeAsync();
}
