using NanoKvm.Imaging.Tests.Infrastructure;

namespace NanoKvm.Imaging.Tests;

public sealed class FrameComparerTests
{
    [Fact]
    public void Identical_frames_have_no_changes()
    {
        var a = SyntheticImages.Desktop(64, 48);

        var difference = FrameComparer.Compare(a, Copy(a));

        Assert.Equal(0, difference.ChangedPixels);
        Assert.Equal(0, difference.ChangedFraction);
        Assert.Null(difference.ChangedBounds);
        Assert.False(difference.HasChanges);
    }

    [Fact]
    public void A_pixel_counts_as_changed_only_above_the_threshold()
    {
        var a = new RgbImage(10, 10);
        var b = Copy(a);
        b.Pixels[((3 * 10) + 4) * 3 + 1] = 16; // green of (4, 3) differs by exactly the threshold
        b.Pixels[((5 * 10) + 6) * 3 + 2] = 17; // blue of (6, 5) differs by one more

        var difference = FrameComparer.Compare(a, b, threshold: 16);

        Assert.Equal(1, difference.ChangedPixels);
        Assert.Equal(new PixelRect(6, 5, 1, 1), difference.ChangedBounds);
        Assert.Equal(0.01, difference.ChangedFraction, 12);
        Assert.Equal(2, FrameComparer.Compare(a, b, threshold: 0).ChangedPixels);
    }

    [Fact]
    public void Bounds_enclose_all_changed_pixels()
    {
        var a = SyntheticImages.Gradient(200, 100);
        var b = Copy(a);
        Set(b, 10, 80);
        Set(b, 150, 5);
        Set(b, 199, 99);

        var difference = FrameComparer.Compare(a, b);

        Assert.Equal(3, difference.ChangedPixels);
        Assert.Equal(new PixelRect(10, 5, 190, 95), difference.ChangedBounds);
        Assert.True(difference.HasChanges);
    }

    [Fact]
    public void Jpeg_noise_stays_under_the_default_threshold_but_a_new_window_does_not()
    {
        var a = SyntheticImages.Desktop(320, 240);
        var b = NanoKvm.Imaging.Jpeg.JpegDecoder.Decode(NanoKvm.Imaging.Jpeg.JpegEncoder.Encode(a, 90, ChromaSubsampling.Yuv444));

        var noise = FrameComparer.Compare(a, b);
        Assert.True(noise.ChangedFraction < 0.05, $"{noise}");

        var c = ImageCropper.Crop(a, 0, 0, 320, 240);
        for (var y = 100; y < 140; y++)
        {
            for (var x = 50; x < 90; x++)
            {
                Set(c, x, y);
            }
        }

        var window = FrameComparer.Compare(a, c);
        Assert.Equal(new PixelRect(50, 100, 40, 40), window.ChangedBounds);
    }

    [Fact]
    public void Arguments_are_validated()
    {
        var a = new RgbImage(4, 4);

        Assert.Throws<ArgumentException>(() => FrameComparer.Compare(a, new RgbImage(4, 5)));
        Assert.Throws<ArgumentNullException>(() => FrameComparer.Compare(null!, a));
        Assert.Throws<ArgumentNullException>(() => FrameComparer.Compare(a, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameComparer.Compare(a, a, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameComparer.Compare(a, a, 256));
    }

    private static RgbImage Copy(RgbImage image) => new(image.Width, image.Height, (byte[])image.Pixels.Clone());

    /// <summary>Inverts a pixel, guaranteeing a large difference in at least one channel.</summary>
    private static void Set(RgbImage image, int x, int y)
    {
        var p = ((y * image.Width) + x) * 3;
        image.Pixels[p] = (byte)(255 - image.Pixels[p]);
        image.Pixels[p + 1] = (byte)(image.Pixels[p + 1] < 128 ? 255 : 0);
    }
}
