using System.IO.Pipelines;
using System.Net;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Video.Mjpeg;

/// <summary>One open <c>GET /api/stream/mjpeg</c> response and the parser reading it.</summary>
internal sealed class MjpegConnection : IAsyncDisposable
{
    public const string Path = "/api/stream/mjpeg";
    public const string Endpoint = "GET " + Path;

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly PipeReader _reader;
    private readonly MjpegParser _parser;

    private MjpegConnection(HttpResponseMessage response, Stream body, PipeReader reader, MjpegParser parser)
    {
        _response = response;
        _body = body;
        _reader = reader;
        _parser = parser;
    }

    public static async Task<MjpegConnection> OpenAsync(ApiConnection api, NanoKvmVideoOptions options, CancellationToken cancellationToken)
    {
        var response = await api.OpenStreamAsync(Path, cancellationToken).ConfigureAwait(false);
        try
        {
            var contentType = response.Content.Headers.ContentType;
            var boundary = contentType?.Parameters
                .FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
            if (contentType?.MediaType is null
                || !contentType.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrEmpty(boundary))
            {
                throw new NanoKvmException(
                    $"{Endpoint} answered with Content-Type '{DeviceText.Clean(contentType?.ToString())}' instead of a multipart MJPEG stream.",
                    Endpoint, HttpStatusCode.OK);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
            var parser = new MjpegParser(reader, boundary, options.MaxFrameBytes, api.Time, Endpoint);
            return new MjpegConnection(response, body, reader, parser);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>When bytes last arrived, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long LastActivity => _parser.LastActivity;

    /// <summary>The next frame, or null when the device ended the stream.</summary>
    public async ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _parser.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new NanoKvmException($"{Endpoint} broke off: {DeviceText.Clean(ex.Message)}", Endpoint, innerException: ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _parser.Close();
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
