using System.Globalization;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;

namespace NanoKvm.Mcp.Hosting;

/// <summary>
/// <c>--call TOOL</c>: runs the server and an MCP client in this process over in-memory pipes, calls one tool
/// exactly as an agent would, prints the result and saves images to files. A way to see the server work, and to
/// script a single action, without an MCP client.
/// </summary>
internal static class OneShotRunner
{
    private static readonly JsonSerializerOptions Pretty = new(McpJsonUtilities.DefaultOptions)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // for people reading a terminal, not for embedding in HTML
    };

    public static async Task<int> RunAsync(
        OneShotRequest request,
        DeviceRegistry registry,
        Action<IMcpServerBuilder>? outermost,
        ILoggerFactory loggerFactory,
        TextWriter output,
        TextWriter errors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var arguments = ParseArguments(request.ArgumentsJson);

        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddLogging();
        services.AddNanoKvmMcpServer(registry, outermost)
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        await using var provider = services.BuildServiceProvider();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var server = provider.GetRequiredService<McpServer>();
        var serverTask = server.RunAsync(stop.Token);
        try
        {
            await using var client = await McpClient.CreateAsync(
                new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), loggerFactory),
                new McpClientOptions { ClientInfo = new Implementation { Name = "nanokvm-mcp --call", Version = ServerIdentity.Version } },
                loggerFactory,
                cancellationToken);

            var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
            if (!tools.Any(t => t.Name == request.Tool))
            {
                await errors.WriteLineAsync(
                    $"nanokvm-mcp: no tool named '{request.Tool}'. Available tools:{Environment.NewLine}  " +
                    string.Join(Environment.NewLine + "  ", tools.Select(t => t.Name).Order(StringComparer.Ordinal)));
                return 2;
            }

            var device = arguments.TryGetValue("device", out var d) && d is JsonElement { ValueKind: JsonValueKind.String } name
                ? name.GetString()
                : registry.Default.Name;
            await errors.WriteLineAsync($"Calling {request.Tool} on device '{device}' ...");
            var result = await client.CallToolAsync(request.Tool, arguments, cancellationToken: cancellationToken);
            return await PrintAsync(request, result, output, errors, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            clientToServer.Writer.Complete();
            serverToClient.Writer.Complete();
            try
            {
                await serverTask;
            }
            catch (OperationCanceledException)
            {
                // Stopping the in-memory server is how one-shot mode ends.
            }
        }
    }

    private static Dictionary<string, object?> ParseArguments(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException("--args must be a JSON object, e.g. '{\"text\":\"hello\"}'.");
            }

            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"--args is not valid JSON: {e.Message}", e);
        }
    }

    private static async Task<int> PrintAsync(OneShotRequest request, CallToolResult result, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var imageIndex = 0;
        foreach (var block in result.Content)
        {
            switch (block)
            {
                case TextContentBlock text when result.IsError is true:
                    await errors.WriteLineAsync($"Error: {text.Text}");
                    break;
                case TextContentBlock text:
                    await output.WriteLineAsync(PrettyJson(text.Text));
                    break;
                case ImageContentBlock image:
                    var path = ImagePath(request, image.MimeType, imageIndex++);
                    var bytes = image.DecodedData;
                    await File.WriteAllBytesAsync(path, bytes.ToArray(), cancellationToken);
                    await errors.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Saved {image.MimeType} image ({bytes.Length / 1024.0:0.#} KB) to {Path.GetFullPath(path)}"));
                    break;
                default:
                    await output.WriteLineAsync(JsonSerializer.Serialize(block, Pretty));
                    break;
            }
        }

        return result.IsError is true ? 1 : 0;
    }

    private static string ImagePath(OneShotRequest request, string mimeType, int index)
    {
        var extension = mimeType switch
        {
            "image/png" => ".png",
            _ => ".jpg",
        };
        var path = request.OutputFile ?? request.Tool + extension;
        if (index == 0)
        {
            return path;
        }

        var stem = Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, Path.GetFileNameWithoutExtension(path));
        return string.Create(CultureInfo.InvariantCulture, $"{stem}-{index + 1}{Path.GetExtension(path)}");
    }

    private static string PrettyJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, Pretty);
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
