using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NanoKvm.Client.Tests.Infrastructure;

namespace NanoKvm.Client.Tests.Video;

/// <summary>GetFramesAsync over a real socket never yields a frame whose part's Content-Length lies.</summary>
public sealed class LyingContentLengthTests
{
    private static readonly byte[] Good = TestJpeg.Build(640, 480, seed: 4, entropyBytes: 400);
    private static readonly byte[] Next = TestJpeg.Build(640, 480, seed: 5, entropyBytes: 400);

    [Theory]
    [InlineData(-100)] // cut: the frame would end inside its entropy data
    [InlineData(-2)] // cut just before EOI
    [InlineData(+2)] // runs into the next part's boundary
    [InlineData(+60)] // swallows the next part's header
    public async Task OnlyTheHonestFrameIsYielded_ThenTheStreamFails(int lie)
    {
        await using var server = await HostileDevice.StartAsync(app => app.MapGet("/api/stream/mjpeg", async context =>
        {
            context.Response.ContentType = "multipart/x-mixed-replace; boundary=frame";
            var body = new MemoryStream();
            body.Write(TestJpeg.Multipart([Good], contentLength: true));
            body.Write(Encoding.ASCII.GetBytes($"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {Next.Length + lie}\r\n\r\n"));
            body.Write(Next);
            body.Write("\r\n"u8);
            body.Write(TestJpeg.Multipart([Good], contentLength: true));
            await context.Response.Body.WriteAsync(body.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
        await using var client = server.NewClient();
        var yielded = new List<byte[]>();

        var error = await Assert.ThrowsAsync<NanoKvmException>(async () =>
        {
            await foreach (var frame in client.Video.GetFramesAsync(TestContext.Current.CancellationToken))
            {
                using (frame)
                {
                    yielded.Add(frame.ToArray());
                }
            }
        });

        Assert.Single(yielded);
        Assert.Equal(Good, yielded[0]);
        Assert.Contains("Content-Length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FillBytesAfterEoi_AreTrimmed_NotTakenForALie()
    {
        await using var server = await HostileDevice.StartAsync(app => app.MapGet("/api/stream/mjpeg", async context =>
        {
            context.Response.ContentType = "multipart/x-mixed-replace; boundary=frame";
            var body = new MemoryStream();
            body.Write(Encoding.ASCII.GetBytes($"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {Next.Length + 3}\r\n\r\n"));
            body.Write(Next);
            body.Write([0, 0, 0]);
            body.Write("\r\n"u8);
            body.Write(TestJpeg.Multipart([Good], contentLength: true));
            await context.Response.Body.WriteAsync(body.ToArray(), context.RequestAborted);
        }));
        await using var client = server.NewClient();
        var yielded = new List<byte[]>();

        await foreach (var frame in client.Video.GetFramesAsync(TestContext.Current.CancellationToken))
        {
            using (frame)
            {
                yielded.Add(frame.ToArray());
            }
        }

        Assert.Equal([Next, Good], yielded);
    }
}
