using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NanoKvm.Client.Diagnostics;
using NanoKvm.Mcp.Hosting.Telemetry;
using NanoKvm.Mcp.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace NanoKvm.Mcp.Tests.Hosting;

/// <summary>A span per tool call, parent of the SDK's spans; OTLP export only when the environment asks for it.</summary>
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ToolCall_GetsASpan_ThatParentsTheSdkSpans_AndMarksToolErrors()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ToolCallTelemetry.SourceName or NanoKvmTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var mcp = await McpHarness.StartAsync();
        var port = mcp.Emulator.BaseAddress.Port;

        await mcp.Client.CallToolAsync("nanokvm_info", new Dictionary<string, object?>(), cancellationToken: Ct);
        var failed = await mcp.Client.CallToolAsync("nanokvm_type_text", new Dictionary<string, object?> { ["text"] = "x", ["device"] = "nope" }, cancellationToken: Ct);

        var info = Assert.Single(spans, s => s.DisplayName == "tools/call nanokvm_info" && s.Source.Name == ToolCallTelemetry.SourceName
            && spans.Any(child => child.ParentSpanId == s.SpanId && Equals(child.GetTagItem("server.port"), port)));
        Assert.Equal("nanokvm_info", info.GetTagItem("gen_ai.tool.name"));
        Assert.Equal(ActivityKind.Server, info.Kind);
        Assert.NotEqual(ActivityStatusCode.Error, info.Status);

        Assert.True(failed.IsError);
        Assert.Contains(spans, s => s.DisplayName == "tools/call nanokvm_type_text" && Equals(s.GetTagItem("nanokvm.device"), "nope")
            && s.Status == ActivityStatusCode.Error && Equals(s.GetTagItem("error.type"), "tool_error"));
    }

    [Fact]
    public void Export_IsOffByDefault_AndOnWithAnOtlpEndpoint()
    {
        var off = new ServiceCollection();
        TelemetryExport.AddIfRequested(off, _ => null);
        using (var provider = off.BuildServiceProvider())
        {
            Assert.Null(provider.GetService<TracerProvider>());
        }

        var on = new ServiceCollection();
        TelemetryExport.AddIfRequested(on, name => name == "OTEL_EXPORTER_OTLP_ENDPOINT" ? "http://127.0.0.1:4317" : null);
        using (var provider = on.BuildServiceProvider())
        {
            Assert.NotNull(provider.GetService<TracerProvider>());
        }

        Assert.True(TelemetryExport.IsRequested(name => name == "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" ? "http://collector:4318/v1/traces" : null));
    }
}
