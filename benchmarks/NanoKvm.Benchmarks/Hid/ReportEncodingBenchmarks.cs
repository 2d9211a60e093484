using BenchmarkDotNet.Attributes;
using NanoKvm.Client.Hid.Reports;

namespace NanoKvm.Benchmarks.Hid;

/// <summary>
/// Cost of turning one HID report into the bytes of its WebSocket message, in the binary encoding (firmware ≥2.3.2)
/// and the legacy JSON array encoding (older firmware). Each operation encodes one report into a reused buffer, as
/// the SDK's session does (the frame is a fixed-size struct, so nothing is allocated). Values vary per report so no
/// branch is trivially predicted.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*ReportEncoding*'
/// </summary>
[MemoryDiagnoser]
public class ReportEncodingBenchmarks
{
    /// <summary>Reports encoded per invocation (one operation is one report).</summary>
    public const int Batch = 64;

    private readonly byte[] _buffer = new byte[JsonReportEncoder.MaxLength];
    private readonly KeyboardReport[] _keyboard = new KeyboardReport[Batch];

    /// <summary>Bytes written by the last invocation (tests check work was done).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Builds varied keyboard reports (letters, shifted letters, chords of up to three keys).</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Batch; i++)
        {
            var report = default(KeyboardReport);
            report.Modifiers = (byte)(i % 3 == 0 ? 0x02 : i % 7 == 0 ? 0x05 : 0);
            report.Keys[0] = (byte)(0x04 + (i % 26));
            if (i % 5 == 0)
            {
                report.Keys[1] = (byte)(0x1E + (i % 10));
            }

            if (i % 11 == 0)
            {
                report.Keys[2] = 0x2C;
            }

            _keyboard[i] = report;
        }
    }

    /// <summary>Binary keyboard report: <c>01</c> + 8-byte boot report.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "Binary keyboard")]
    public long BinaryKeyboard()
    {
        long total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += BinaryReportEncoder.EncodeKeyboard(_buffer, _keyboard[i]);
        }

        return BytesWritten = total;
    }

    /// <summary>Binary relative mouse report.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "Binary relative mouse")]
    public long BinaryRelative()
    {
        long total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += BinaryReportEncoder.EncodeRelative(_buffer, (byte)(i & 1), (sbyte)(i - 32), (sbyte)(31 - i), (sbyte)(i % 3 - 1));
        }

        return BytesWritten = total;
    }

    /// <summary>Binary absolute mouse report.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "Binary absolute mouse")]
    public long BinaryAbsolute()
    {
        long total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += BinaryReportEncoder.EncodeAbsolute(_buffer, (byte)(i & 1), (ushort)(1 + (i * 511)), (ushort)(32767 - (i * 509)), 0);
        }

        return BytesWritten = total;
    }

    /// <summary>JSON keyboard message <c>[1,keycode,ctrl,shift,alt,meta]</c>.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "JSON keyboard")]
    public long JsonKeyboard()
    {
        long total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += JsonReportEncoder.EncodeKeyboard(_buffer, _keyboard[i]);
        }

        return BytesWritten = total;
    }

    /// <summary>JSON relative move <c>[2,3,button,dx,dy]</c>.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "JSON relative mouse")]
    public long JsonRelative()
    {
        long total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += JsonReportEncoder.EncodeMouse(_buffer, JsonReportEncoder.EventMoveRelative, i & 1, i - 32, 31 - i);
        }

        return BytesWritten = total;
    }

    /// <summary>JSON absolute move <c>[2,2,button,x,y]</c>.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "JSON absolute mouse")]
    public long JsonAbsolute()
    {
        long total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += JsonReportEncoder.EncodeMouse(_buffer, JsonReportEncoder.EventMoveAbsolute, i & 1, 1 + (i * 511), 32767 - (i * 509));
        }

        return BytesWritten = total;
    }
}
