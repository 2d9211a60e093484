using System.Globalization;
using System.Text;
using NanoKvm.Imaging;

namespace NanoKvm.Imaging.Tests.Infrastructure;

/// <summary>Reads and writes binary PPM (P6) and PGM (P5), the formats cjpeg and djpeg speak.</summary>
internal static class Ppm
{
    public static byte[] Write(RgbImage image)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P6\n{image.Width} {image.Height}\n255\n"));
        var bytes = new byte[header.Length + image.Pixels.Length];
        header.CopyTo(bytes, 0);
        image.Pixels.CopyTo(bytes, header.Length);
        return bytes;
    }

    /// <summary>Parses P6 as RGB, or P5 (grayscale) expanded to RGB so both compare against <see cref="RgbImage"/>.</summary>
    public static RgbImage Read(byte[] bytes)
    {
        var position = 0;
        var magic = NextToken(bytes, ref position);
        var width = int.Parse(NextToken(bytes, ref position), CultureInfo.InvariantCulture);
        var height = int.Parse(NextToken(bytes, ref position), CultureInfo.InvariantCulture);
        var max = int.Parse(NextToken(bytes, ref position), CultureInfo.InvariantCulture);
        Assert.Equal(255, max);
        position++; // the single whitespace byte after maxval
        var image = new RgbImage(width, height);
        switch (magic)
        {
            case "P6":
                bytes.AsSpan(position, width * height * 3).CopyTo(image.Pixels);
                break;
            case "P5":
                for (var i = 0; i < width * height; i++)
                {
                    var v = bytes[position + i];
                    image.Pixels[i * 3] = v;
                    image.Pixels[(i * 3) + 1] = v;
                    image.Pixels[(i * 3) + 2] = v;
                }

                break;
            default:
                Assert.Fail($"Unexpected PNM magic '{magic}'.");
                break;
        }

        return image;
    }

    private static string NextToken(byte[] bytes, ref int position)
    {
        while (position < bytes.Length && (char.IsWhiteSpace((char)bytes[position]) || bytes[position] == '#'))
        {
            if (bytes[position] == '#')
            {
                while (position < bytes.Length && bytes[position] != '\n')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        var start = position;
        while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position]))
        {
            position++;
        }

        return Encoding.ASCII.GetString(bytes, start, position - start);
    }
}
