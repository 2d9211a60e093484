using System.Collections.Concurrent;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>Keeps a copy of every request the SDK client sends, so a test can replay or alter one by hand.</summary>
internal sealed class RequestRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue(new RecordedRequest(body, request.Headers.Where(h => h.Key != "Authorization").ToDictionary(h => h.Key, h => string.Join(",", h.Value))));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

internal sealed record RecordedRequest(string Body, Dictionary<string, string> Headers);
