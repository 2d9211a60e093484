namespace NanoKvm.Client.Http;

/// <summary>One REST call: method, path, an already-serialized JSON body and how long it may take.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query, starting with <c>/api/</c>.</param>
/// <param name="JsonBody">UTF-8 JSON body, or null for none. Kept as bytes so a retry after re-login resends it unchanged.</param>
/// <param name="ExtraTimeout">Time added to the request timeout for calls the device deliberately blocks (power press, paste).</param>
internal readonly record struct ApiRequest(HttpMethod Method, string Path, byte[]? JsonBody = null, TimeSpan ExtraTimeout = default)
{
    public string Endpoint => $"{Method.Method} {Path}";
}
