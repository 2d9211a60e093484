namespace NanoKvm.Client.Http;

/// <summary>
/// Adds <see cref="NanoKvmClientOptions.RequestHeaders"/> to every request. It sits in front of the client's only
/// handler, so REST, WebSocket upgrades and the MJPEG stream all carry them.
/// </summary>
internal sealed class ExtraHeadersHandler(IReadOnlyList<KeyValuePair<string, string>> headers, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Add(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Add(request);
        return base.Send(request, cancellationToken);
    }

    private void Add(HttpRequestMessage request)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
