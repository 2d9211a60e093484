using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NanoKvm.Mcp.Audit;

/// <summary>
/// Writes the audit log: a start line when opened, then for every tool call a decision line before the tool runs and
/// an outcome line after it. Each line goes out in one unbuffered write, so a line the log accepted has reached the
/// operating system. A line that cannot be written throws <see cref="AuditWriteException"/>, which refuses the call
/// when it happens before the tool runs. Never stdout: over stdio that stream carries the MCP protocol.
/// </summary>
internal sealed class AuditLog : IDisposable
{
    public const string StandardErrorTarget = "stderr";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly object _gate = new();
    private readonly Stream? _stream;
    private readonly TextWriter? _writer;
    private bool _broken;
    private bool _disposed;

    /// <summary>Writes to a writer the host owns (not disposed here).</summary>
    public AuditLog(TextWriter writer, bool fullText)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        FullText = fullText;
        Target = "(host writer)";
    }

    private AuditLog(Stream stream, string target, bool fullText)
    {
        _stream = stream;
        Target = target;
        FullText = fullText;
    }

    /// <summary>When true, <c>text</c> and <c>content</c> arguments are logged verbatim (secrets never are).</summary>
    public bool FullText { get; }

    /// <summary>Where the lines go, for messages.</summary>
    public string Target { get; }

    /// <summary>
    /// Opens <c>stderr</c> or a file path (created with its directory if missing, appended to otherwise), makes sure it
    /// is not stdout by any path, and writes the start line, so a target that cannot be written stops start-up.
    /// </summary>
    /// <exception cref="AuditUnavailableException">The target is stdout, or cannot be opened or written.</exception>
    public static AuditLog Open(string target, bool fullText, AuditStart start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(start);
        var stream = AuditTarget.Open(target);
        var log = new AuditLog(stream, target, fullText);
        try
        {
            log.WriteLine(FormatStart(start));
        }
        catch (AuditWriteException e)
        {
            log.Dispose();
            throw new AuditUnavailableException($"audit log '{target}' cannot be written: {e.InnerException?.Message ?? e.Message}", e);
        }

        return log;
    }

    /// <summary>Writes one record.</summary>
    /// <exception cref="AuditWriteException">The line did not reach the log.</exception>
    public void Write(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        WriteLine(Format(record, FullText));
    }

    public static string Format(AuditRecord record, bool fullText)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Json(json =>
        {
            json.WriteString("time", Timestamp(record.Time));
            json.WriteString("phase", record.Phase == AuditPhase.Decision ? "decision" : "outcome");
            json.WriteNumber("call", record.Call);
            json.WriteString("grant", record.Grant);
            json.WriteString("device", record.Device);
            json.WriteString("tool", record.Tool);
            if (record.Phase == AuditPhase.Decision)
            {
                json.WritePropertyName("arguments");
                ArgumentRedactor.WriteArguments(json, record.Arguments, fullText);
                json.WritePropertyName("actions");
                json.WriteStartObject();
                foreach (var (tool, times) in record.Actions ?? new Dictionary<string, int>())
                {
                    json.WriteNumber(tool, times);
                }

                json.WriteEndObject();
            }

            json.WriteString("decision", record.Decision);
            WriteOptional(json, "rule", record.Rule);
            json.WriteString("outcome", record.Outcome);
            WriteOptional(json, "error", record.Error);
            json.WriteNumber("duration_ms", Math.Round(record.DurationMs, 3));
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                _stream?.Dispose();
            }
            catch (IOException)
            {
                // Closing flushes nothing (every write is unbuffered); a failing close loses no line.
            }
        }
    }

    private static string FormatStart(AuditStart start) => Json(json =>
    {
        json.WriteString("time", Timestamp(start.Time));
        json.WriteString("phase", "start");
        json.WriteNumber("pid", Environment.ProcessId);
        json.WriteString("server", start.Server);
        json.WriteString("policy", start.Policy);
        json.WriteBoolean("read_only", start.ReadOnly);
    });

    private void WriteLine(string line)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new AuditWriteException($"the audit log '{Target}' is closed");
            }

            try
            {
                if (_stream is not null)
                {
                    // After a failed write part of a line may be in the log: end it, so the next line parses on its own.
                    var bytes = Utf8.GetBytes((_broken ? "\n" : string.Empty) + line + "\n");
                    _stream.Write(bytes);
                    _stream.Flush();
                }
                else
                {
                    _writer!.Write(line + "\n");
                    _writer.Flush();
                }

                _broken = false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
            {
                _broken = true;
                throw new AuditWriteException($"the audit log '{Target}' cannot be written: {e.Message}", e);
            }
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}

/// <summary>What the start line of the audit log records.</summary>
/// <param name="Time">When the server started.</param>
/// <param name="Server">Server name and version.</param>
/// <param name="Policy">Where the policy came from.</param>
/// <param name="ReadOnly">Whether read-only mode is on.</param>
internal sealed record AuditStart(DateTimeOffset Time, string Server, string Policy, bool ReadOnly);
