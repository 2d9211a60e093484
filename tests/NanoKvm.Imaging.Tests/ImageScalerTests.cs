using NanoKvm.Imaging.Tests.Infrastructure;

namespace NanoKvm.Imaging.Tests;

public sealed class ImageScalerTests
{
    [Theory]
    [InlineData(1920, 1080, 1280, 720, 1280, 720)]
    [InlineData(1920, 1080, 960, 960, 960, 540)]
    [InlineData(1000, 500, 300, 300, 300, 150)]
    [InlineData(100, 1000, 50, 50, 5, 50)]
    [InlineData(3000, 2, 100, 100, 100, 1)]
    [InlineData(1280, 1024, 1024, 768, 960, 768)]
    public void Fits_inside_the_box_keeping_aspect_ratio(int width, int height, int maxWidth, int maxHeight, int expectedWidth, int expectedHeight)
    {
        var result = ImageScaler.DownscaleToFit(new RgbImage(width, height), maxWidth, maxHeight);

        Assert.Equal((expectedWidth, expectedHeight), (result.Width, result.Height));
    }

    [Theory]
    [InlineData(640, 480)]
    [InlineData(1000, 1000)]
    public void Returns_the_same_instance_when_the_image_already_fits(int maxWidth, int maxHeight)
    {
        var image = SyntheticImages.Gradient(640, 480);

        Assert.Same(image, ImageScaler.DownscaleToFit(image, maxWidth, maxHeight));
    }

    [Fact]
    public void Halving_a_one_pixel_checkerboard_gives_even_gray()
    {
        var image = new RgbImage(8, 6);
        for (var i = 0; i < 8 * 6; i++)
        {
            var value = (byte)((((i % 8) + (i / 8)) & 1) == 0 ? 0 : 255);
            image.Pixels.AsSpan(i * 3, 3).Fill(value);
        }

        var result = ImageScaler.DownscaleToFit(image, 4, 3);

        Assert.Equal((4, 3), (result.Width, result.Height));
        Assert.All(result.Pixels, value => Assert.Equal(128, value)); // 127.5 rounds up
    }

    [Fact]
    public void Partially_covered_pixels_count_by_their_covered_fraction()
    {
        // 3 -> 2 pixels: output 0 covers source 0 fully and half of source 1; output 1 the other half and source 2.
        var image = new RgbImage(3, 1, [0, 0, 0, 90, 90, 90, 180, 180, 180]);

        var result = ImageScaler.DownscaleToFit(image, 2, 2);

        Assert.Equal([30, 30, 30, 150, 150, 150], result.Pixels);
    }

    [Fact]
    public void Halving_noise_gives_the_exact_mean_of_each_2x2_square()
    {
        var image = SyntheticImages.Noise(200, 100);

        var result = ImageScaler.DownscaleToFit(image, 100, 100);

        Assert.Equal((100, 50), (result.Width, result.Height));
        for (var y = 0; y < 50; y++)
        {
            for (var x = 0; x < 100; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    int At(int sx, int sy) => image.Pixels[(((sy * 200) + sx) * 3) + c];
                    var sum = At(2 * x, 2 * y) + At((2 * x) + 1, 2 * y) + At(2 * x, (2 * y) + 1) + At((2 * x) + 1, (2 * y) + 1);
                    Assert.Equal((sum + 2) / 4, result.Pixels[(((y * 100) + x) * 3) + c]);
                }
            }
        }
    }

    [Fact]
    public void Average_brightness_is_preserved()
    {
        var image = SyntheticImages.Desktop(1021, 577);

        var result = ImageScaler.DownscaleToFit(image, 333, 333);

        Assert.Equal(Mean(image), Mean(result), 0.5);
    }

    [Fact]
    public void Arguments_are_validated()
    {
        var image = new RgbImage(4, 4);

        Assert.Throws<ArgumentNullException>(() => ImageScaler.DownscaleToFit(null!, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageScaler.DownscaleToFit(image, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageScaler.DownscaleToFit(image, 1, -1));
    }

    private static double Mean(RgbImage image) => image.Pixels.Average(p => (double)p);
}
