using NanoKvm.Client.Video;

namespace NanoKvm.Client.Tests.Video;

/// <summary>Frame buffers come back to their connection's pool only when the last owner let go.</summary>
public sealed class FrameBufferPoolTests
{
    [Fact]
    public void AReleasedBuffer_IsReused_WithItsArray()
    {
        var pool = new FrameBufferPool();
        var first = pool.Rent(100_000);
        var array = first.Array;

        first.Release();
        var second = pool.Rent(90_000);

        Assert.Same(first, second);
        Assert.Same(array, second.Array);
    }

    [Fact]
    public void ABufferStillShared_IsNotReused_UntilTheLastRelease()
    {
        var pool = new FrameBufferPool();
        var buffer = pool.Rent(1000);
        buffer.AddReference();

        buffer.Release();
        var other = pool.Rent(1000);
        Assert.NotSame(buffer, other);

        buffer.Release();
        Assert.Same(buffer, pool.Rent(1000));
    }

    [Fact]
    public void AReusedBuffer_GrowsWhenTheNextFrameIsLarger()
    {
        var pool = new FrameBufferPool();
        var buffer = pool.Rent(1000);
        buffer.Release();

        var larger = pool.Rent(500_000);

        Assert.True(larger.Array.Length >= 500_000);
    }

    [Fact]
    public void AfterClose_ReleasedBuffersAreFreedNotPooled()
    {
        var pool = new FrameBufferPool();
        var held = pool.Rent(1000);
        var idle = pool.Rent(1000);
        idle.Release();

        pool.Close();
        held.Release();

        Assert.Throws<ObjectDisposedException>(() => held.Array);
        Assert.Throws<ObjectDisposedException>(() => idle.Array);
        Assert.NotSame(held, pool.Rent(1000));
    }
}
