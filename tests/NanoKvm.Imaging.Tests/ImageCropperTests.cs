using NanoKvm.Imaging.Tests.Infrastructure;

namespace NanoKvm.Imaging.Tests;

public sealed class ImageCropperTests
{
    private static readonly RgbImage Source = SyntheticImages.Noise(40, 30);

    [Theory]
    [InlineData(0, 0, 40, 30)]
    [InlineData(5, 7, 10, 3)]
    [InlineData(39, 29, 1, 1)]
    public void Copies_exactly_the_requested_rectangle(int x, int y, int width, int height)
    {
        var crop = ImageCropper.Crop(Source, x, y, width, height);

        Assert.Equal((width, height), (crop.Width, crop.Height));
        Assert.NotSame(Source.Pixels, crop.Pixels);
        for (var row = 0; row < height; row++)
        {
            for (var column = 0; column < width; column++)
            {
                var expected = Source.Pixels.AsSpan((((y + row) * 40) + x + column) * 3, 3).ToArray();
                var actual = crop.Pixels.AsSpan(((row * width) + column) * 3, 3).ToArray();
                Assert.Equal(expected, actual);
            }
        }
    }

    [Theory]
    [InlineData(-1, 0, 1, 1, "x")]
    [InlineData(0, -1, 1, 1, "y")]
    [InlineData(0, 0, 0, 1, "width")]
    [InlineData(0, 0, 1, 0, "height")]
    [InlineData(35, 0, 6, 1, "width")]
    [InlineData(0, 25, 1, 6, "height")]
    [InlineData(40, 0, 1, 1, "width")]
    [InlineData(int.MaxValue, 0, int.MaxValue, 1, "width")]
    public void Rectangles_outside_the_image_are_rejected(int x, int y, int width, int height, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ImageCropper.Crop(Source, x, y, width, height));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Null_image_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => ImageCropper.Crop(null!, 0, 0, 1, 1));
    }
}
