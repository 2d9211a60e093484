using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NanoKvm.Mcp.Audit;

/// <summary>
/// Writes one JSON line per tool call to a file (appended, flushed per line) or to stderr. Never stdout: over
/// stdio that stream carries the MCP protocol and one stray line would corrupt the session.
/// </summary>
internal sealed class AuditLog : IDisposable
{
    public const string StandardErrorTarget = "stderr";

    private readonly object _gate = new();
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private bool _disposed;

    public AuditLog(TextWriter writer, bool fullText, bool ownsWriter = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _ownsWriter = ownsWriter;
        FullText = fullText;
    }

    /// <summary>When true, <c>text</c> and <c>content</c> arguments are logged verbatim (secrets never are).</summary>
    public bool FullText { get; }

    /// <summary>Opens <c>stderr</c> or a file path (created if missing, appended to otherwise).</summary>
    public static AuditLog Open(string target, bool fullText)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (string.Equals(target, StandardErrorTarget, StringComparison.OrdinalIgnoreCase))
        {
            return new AuditLog(Console.Error, fullText);
        }

        if (IsStandardOutput(target))
        {
            throw new ArgumentException("The audit log cannot go to stdout, which carries the MCP protocol; use 'stderr' or a file path.", nameof(target));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(target));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // FileShare.ReadWrite lets an operator tail the log and lets log rotation tools copy it while we append.
        var stream = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = false };
        return new AuditLog(writer, fullText, ownsWriter: true);
    }

    public static bool IsStandardOutput(string target) =>
        target is "-" || string.Equals(target, "stdout", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(target, "/dev/stdout", StringComparison.Ordinal) ||
        string.Equals(target, "/dev/fd/1", StringComparison.Ordinal) ||
        string.Equals(target, "/proc/self/fd/1", StringComparison.Ordinal);

    public void Write(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = Format(record, FullText);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _writer.Write(line);
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    public static string Format(AuditRecord record, bool fullText)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", record.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("device", record.Device);
            json.WriteString("tool", record.Tool);
            json.WritePropertyName("arguments");
            ArgumentRedactor.WriteArguments(json, record.Arguments, fullText);
            json.WriteString("decision", record.Decision);
            WriteOptional(json, "rule", record.Rule);
            json.WriteString("outcome", record.Outcome);
            WriteOptional(json, "error", record.Error);
            json.WriteNumber("duration_ms", Math.Round(record.DurationMs, 3));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
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
            if (_ownsWriter)
            {
                _writer.Dispose();
            }
        }
    }

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
