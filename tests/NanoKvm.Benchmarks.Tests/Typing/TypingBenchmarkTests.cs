using NanoKvm.Benchmarks.Typing;

namespace NanoKvm.Benchmarks.Tests.Typing;

/// <summary>The typing suite still runs: each path delivers the exact text into the host transcript.</summary>
public sealed class TypingBenchmarkTests
{
    [Fact]
    public async Task EveryPath_DeliversTheExactText()
    {
        var benchmark = new TypingBenchmarks { TypedLength = 40, SlowLength = 6 };
        await Task.Run(benchmark.Setup, TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(40, await benchmark.TypeDevicePaced());
            Assert.Equal(6, await benchmark.TypeDefaultPace());
            Assert.Equal(6, await benchmark.Paste());
            Assert.Equal(52, benchmark.DeliveredCharacters);
        }
        finally
        {
            await Task.Run(benchmark.Cleanup, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void Text_HasShiftedCharactersAndTheRequestedLength()
    {
        var text = TypingBenchmarks.Text(300);

        Assert.Equal(300, text.Length);
        Assert.Contains(text, c => char.IsUpper(c));
        Assert.Contains(text, c => "!@#$%^&*()_+{}|:\"<>?~".Contains(c, StringComparison.Ordinal));
        Assert.All(text, c => Assert.InRange(c, ' ', '~'));
    }

    [Theory]
    [InlineData("safe")]
    [InlineData("fast")]
    public async Task TypingSpeed_DeliversTheExactText(string speed)
    {
        var benchmark = new TypingSpeedBenchmarks { Speed = speed, Length = 30 };
        await Task.Run(benchmark.Setup, TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(30, await benchmark.TypeUntilDelivered());
        }
        finally
        {
            await Task.Run(benchmark.Cleanup, TestContext.Current.CancellationToken);
        }
    }
}
