using Microsoft.Extensions.DependencyInjection;
using NanoKvm.Client.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NanoKvm.Mcp.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry export of the server's and the SDK's traces and metrics, over OTLP. Off unless
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a signal-specific endpoint) is set; the exporter reads the standard
/// <c>OTEL_*</c> variables itself. Nothing is ever written to stdout, which carries the MCP protocol.
/// </summary>
internal static class TelemetryExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] EndpointVariables =
        [EndpointVariable, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>Whether the environment asks for export.</summary>
    public static bool IsRequested(Func<string, string?> environment) =>
        EndpointVariables.Any(name => !string.IsNullOrWhiteSpace(environment(name)));

    /// <summary>Adds OTLP export when <see cref="IsRequested"/>; does nothing otherwise.</summary>
    public static void AddIfRequested(IServiceCollection services, Func<string, string?> environment)
    {
        if (!IsRequested(environment))
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("nanokvm-mcp", serviceVersion: ServerIdentity.Version))
            .WithTracing(tracing => tracing
                .AddSource(ToolCallTelemetry.SourceName, NanoKvmTelemetry.Name)
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(NanoKvmTelemetry.Name)
                .AddOtlpExporter());
    }
}
