using NanoKvm.Benchmarks.Mjpeg;

namespace NanoKvm.Benchmarks.Tests.Mjpeg;

/// <summary>The MJPEG parsing suite still runs: both parsers cut the same frames out of a small recording.</summary>
public sealed class MjpegParsingBenchmarkTests
{
    [Theory]
    [InlineData(4096, true)]
    [InlineData(4096, false)]
    [InlineData(65536, true)]
    public async Task BothParsers_ReturnEveryFrameOfTheRecording(int readSize, bool contentLength)
    {
        var benchmark = new MjpegParsingBenchmarks { ReadSize = readSize, ContentLength = contentLength, FrameWidth = 320, FrameHeight = 180 };
        benchmark.Setup();
        try
        {
            var naiveBytes = benchmark.Naive();
            var sdkBytes = await benchmark.Sdk();
            var frameBytes = await benchmark.SdkVideoFrame();

            var jpegBytes = MjpegRecording.Get(320, 180).Jpegs.Sum(j => (long)j.Length);
            Assert.Equal(2 * MjpegRecording.FrameCount, benchmark.SdkFrames);
            Assert.Equal(MjpegRecording.FrameCount, benchmark.NaiveFrames);
            Assert.Equal(jpegBytes, sdkBytes);
            Assert.Equal(jpegBytes, frameBytes);
            Assert.Equal(jpegBytes, naiveBytes);
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    [Fact]
    public void Recording_IsMultipartWithRealJpegs()
    {
        var recording = MjpegRecording.Get(320, 180);
        var body = recording.Multipart(contentLength: true);

        Assert.Equal(MjpegRecording.FrameCount, recording.Jpegs.Count);
        Assert.All(recording.Jpegs, j => Assert.True(j[0] == 0xFF && j[1] == 0xD8 && j[^2] == 0xFF && j[^1] == 0xD9));
        Assert.StartsWith("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ", System.Text.Encoding.ASCII.GetString(body, 0, 60));
    }
}
