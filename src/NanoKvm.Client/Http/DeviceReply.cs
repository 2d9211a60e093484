using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NanoKvm.Client.Http;

/// <summary>A successful (code 0) envelope reply; <see cref="Data"/> is the envelope's <c>data</c> member.</summary>
internal readonly struct DeviceReply
{
    public DeviceReply(string endpoint, JsonElement data, HttpResponseHeadersSnapshot headers)
    {
        Endpoint = endpoint;
        Data = data;
        Headers = headers;
    }

    public string Endpoint { get; }

    /// <summary>The <c>data</c> member; <see cref="JsonValueKind.Null"/> or <see cref="JsonValueKind.Undefined"/> when absent.</summary>
    public JsonElement Data { get; }

    public HttpResponseHeadersSnapshot Headers { get; }

    public bool HasData => Data.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>Reads <c>data</c> as <typeparamref name="T"/>; a reply of the wrong shape becomes a <see cref="NanoKvmException"/>.</summary>
    public T Read<T>(JsonTypeInfo<T> typeInfo)
    {
        if (!HasData)
        {
            throw new NanoKvmException(
                $"{Endpoint} returned no data where the device should send some.", Endpoint, HttpStatusCode.OK);
        }

        try
        {
            return Data.Deserialize(typeInfo)
                ?? throw new NanoKvmException($"{Endpoint} returned null data.", Endpoint, HttpStatusCode.OK);
        }
        catch (JsonException ex)
        {
            throw new NanoKvmException(
                $"{Endpoint} returned data of an unexpected shape: {DeviceText.Clean(ex.Message)}", Endpoint, HttpStatusCode.OK, innerException: ex);
        }
        catch (InvalidOperationException ex)
        {
            // A string in invalid UTF-8 cannot be transcoded; System.Text.Json reports that as InvalidOperationException.
            throw new NanoKvmException(
                $"{Endpoint} returned data with text that is not valid UTF-8.", Endpoint, HttpStatusCode.OK, innerException: ex);
        }
    }

    /// <summary>Reads <c>data</c> as <typeparamref name="T"/>, or returns null when the device sent null.</summary>
    public T? ReadOrDefault<T>(JsonTypeInfo<T> typeInfo)
        where T : class => HasData ? Read(typeInfo) : null;
}

/// <summary>The response headers a caller may need after the body was consumed (login reads Set-Cookie).</summary>
internal sealed class HttpResponseHeadersSnapshot
{
    public static readonly HttpResponseHeadersSnapshot Empty = new([]);

    public HttpResponseHeadersSnapshot(IReadOnlyList<string> setCookies)
    {
        SetCookies = setCookies;
    }

    public IReadOnlyList<string> SetCookies { get; }
}
