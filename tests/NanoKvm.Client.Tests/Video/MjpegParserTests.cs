using System.IO.Pipelines;
using System.Text;
using NanoKvm.Client.Video;
using NanoKvm.Client.Video.Mjpeg;

namespace NanoKvm.Client.Tests.Video;

/// <summary>The multipart MJPEG parser against hand-built streams, split at every byte position.</summary>
public sealed class MjpegParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static readonly byte[][] Jpegs =
    [
        TestJpeg.Build(1920, 1080, seed: 1),
        TestJpeg.Build(640, 480, seed: 2, thumbnail: true),
        TestJpeg.Build(1280, 720, seed: 3, entropyBytes: 300),
    ];

    private static MjpegParser Parser(Stream stream, int maxFrameBytes = 8 * 1024 * 1024) => new(
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64, minimumReadSize: 16)),
        "frame", maxFrameBytes, new FixedTime(Now), "GET /api/stream/mjpeg");

    private static async Task<List<byte[]>> ReadAllAsync(MjpegParser parser)
    {
        var frames = new List<byte[]>();
        while (await parser.ReadFrameAsync(TestContext.Current.CancellationToken) is { } frame)
        {
            using (frame)
            {
                frames.Add(frame.ToArray());
            }
        }

        return frames;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EveryTwoChunkSplit_YieldsTheExactFrames(bool contentLength)
    {
        var body = TestJpeg.Multipart(Jpegs, contentLength);
        for (var split = 1; split < body.Length; split++)
        {
            var frames = await ReadAllAsync(Parser(new ChunkedStream(body, split, body.Length)));

            Assert.Equal(Jpegs.Length, frames.Count);
            for (var i = 0; i < Jpegs.Length; i++)
            {
                Assert.True(Jpegs[i].AsSpan().SequenceEqual(frames[i]), $"frame {i} differs when split at {split}");
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OneByteChunks_YieldTheExactFrames(bool contentLength)
    {
        var body = TestJpeg.Multipart(Jpegs, contentLength);

        var frames = await ReadAllAsync(Parser(new ChunkedStream(body, [.. Enumerable.Repeat(1, body.Length)])));

        Assert.Equal(Jpegs, frames);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Frames_CarrySizeFromTheSofHeader_SequenceAndTimestamp(bool contentLength)
    {
        var parser = Parser(new MemoryStream(TestJpeg.Multipart(Jpegs, contentLength)));
        var ct = TestContext.Current.CancellationToken;

        using var first = await parser.ReadFrameAsync(ct);
        using var second = await parser.ReadFrameAsync(ct);

        Assert.Equal((1920, 1080, 1L), (first!.Width, first.Height, first.Sequence));
        Assert.Equal((640, 480, 2L), (second!.Width, second.Height, second.Sequence));
        Assert.Equal(Now, first.ReceivedAt);
        Assert.Equal(Jpegs[1].Length, second.Length);
    }

    [Fact]
    public async Task OversizedContentLength_FailsBeforeReadingThePayload()
    {
        var body = Encoding.ASCII.GetBytes("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 999999999\r\n\r\n");

        var ex = await Assert.ThrowsAsync<NanoKvmException>(() => ReadAllAsync(Parser(new MemoryStream(body), maxFrameBytes: 4096)));

        Assert.Contains("MaxFrameBytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal("GET /api/stream/mjpeg", ex.Endpoint);
    }

    [Fact]
    public async Task OversizedPartWithoutContentLength_FailsOnceTheLimitIsPassed()
    {
        var big = TestJpeg.Build(100, 100, entropyBytes: 10_000);
        var body = TestJpeg.Multipart([big], contentLength: false);

        var ex = await Assert.ThrowsAsync<NanoKvmException>(() => ReadAllAsync(Parser(new ChunkedStream(body, [.. Enumerable.Repeat(512, 100)]), maxFrameBytes: 4096)));

        Assert.Contains("MaxFrameBytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StreamEndingInsideAFrame_IsAnError(bool contentLength)
    {
        var body = TestJpeg.Multipart(Jpegs, contentLength);
        var truncated = body.AsSpan(0, body.Length - 20).ToArray();

        var ex = await Assert.ThrowsAsync<NanoKvmException>(() => ReadAllAsync(Parser(new MemoryStream(truncated))));

        Assert.Contains("ended in the middle of a frame", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEndingInsideAHeader_IsAnError()
    {
        var body = Encoding.ASCII.GetBytes("--frame\r\nContent-Type: ima");

        var ex = await Assert.ThrowsAsync<NanoKvmException>(() => ReadAllAsync(Parser(new MemoryStream(body))));

        Assert.Contains("part header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEndingBetweenParts_EndsCleanly()
    {
        var frames = await ReadAllAsync(Parser(new MemoryStream(TestJpeg.Multipart(Jpegs, true))));

        Assert.Equal(3, frames.Count);
    }

    [Fact]
    public async Task ClosingBoundary_EndsTheStream()
    {
        var body = TestJpeg.Multipart([Jpegs[0]], true).Concat("--frame--\r\n"u8.ToArray()).ToArray();

        var frames = await ReadAllAsync(Parser(new MemoryStream(body)));

        Assert.Single(frames);
    }

    [Theory]
    [InlineData("<html>404 page not found</html>")]
    [InlineData("--frome\r\nContent-Type: image/jpeg\r\n\r\n")]
    [InlineData("x")]
    public async Task GarbageInsteadOfABoundary_IsRejected(string garbage)
    {
        var ex = await Assert.ThrowsAsync<NanoKvmException>(() => ReadAllAsync(Parser(new MemoryStream(Encoding.ASCII.GetBytes(garbage)))));

        Assert.Contains("malformed MJPEG stream", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageBetweenParts_IsRejectedAfterTheGoodFrame()
    {
        var body = TestJpeg.Multipart([Jpegs[0]], true).Concat("garbage"u8.ToArray()).ToArray();
        var parser = Parser(new MemoryStream(body));

        using var first = await parser.ReadFrameAsync(TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAsync<NanoKvmException>(async () => await parser.ReadFrameAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(first);
        Assert.Contains("0x67617262616765", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APartThatIsNotAJpeg_IsRejected(bool contentLength)
    {
        var notJpeg = Encoding.ASCII.GetBytes("this is not a jpeg at all");

        var ex = await Assert.ThrowsAsync<NanoKvmException>(() => ReadAllAsync(Parser(new MemoryStream(TestJpeg.Multipart([notJpeg], contentLength)))));

        Assert.Contains("JPEG", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Length: abc")]
    [InlineData("Content-Length: -5")]
    [InlineData("Content-Type: text/html")]
    [InlineData("no colon here")]
    public async Task BadPartHeaders_AreRejected(string header)
    {
        var body = Encoding.ASCII.GetBytes($"--frame\r\n{header}\r\n\r\n").Concat(Jpegs[0]).ToArray();

        await Assert.ThrowsAsync<NanoKvmException>(() => ReadAllAsync(Parser(new MemoryStream(body))));
    }

    [Fact]
    public async Task HeaderLookupIsCaseInsensitive_AndPaddingIsAllowed()
    {
        var body = Encoding.ASCII.GetBytes($"\r\n--frame  \r\ncontent-type:image/jpeg\r\nCONTENT-LENGTH:  {Jpegs[0].Length}\r\n\r\n").Concat(Jpegs[0]).ToArray();

        var frames = await ReadAllAsync(Parser(new MemoryStream(body)));

        Assert.Equal(Jpegs[0], Assert.Single(frames));
    }

    [Fact]
    public async Task DisposedFrame_RefusesAccessToItsBytes()
    {
        var parser = Parser(new MemoryStream(TestJpeg.Multipart(Jpegs, true)));
        var frame = (await parser.ReadFrameAsync(TestContext.Current.CancellationToken))!;

        frame.Dispose();
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => frame.Data);
    }

    [Fact]
    public void SharedFrames_KeepTheBufferAliveUntilTheLastOwnerDisposes()
    {
        using var original = VideoFrame.FromJpeg(Jpegs[0], Now);
        var hash = original.ContentHash;
        var shared = original.Share();

        original.Dispose();

        Assert.Equal(Jpegs[0], shared.ToArray());
        Assert.Equal(hash, shared.ContentHash);
        Assert.Throws<ObjectDisposedException>(() => original.Data);
        shared.Dispose();
    }

    [Fact]
    public void FromJpeg_ReadsTheSize_AndRejectsNonJpegBytes()
    {
        using var frame = VideoFrame.FromJpeg(Jpegs[2], Now);

        Assert.Equal((1280, 720), (frame.Width, frame.Height));
        Assert.Throws<ArgumentException>(() => VideoFrame.FromJpeg([1, 2, 3, 4], Now));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
