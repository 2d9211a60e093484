using NanoKvm.Imaging.Jpeg;
using NanoKvm.Imaging.Tests.Infrastructure;

namespace NanoKvm.Imaging.Tests.Jpeg;

/// <summary>Malformed files must end in <see cref="JpegFormatException"/> with a useful message, never another exception.</summary>
public sealed class JpegDecoderHostileInputTests
{
    private static readonly byte[] Valid = JpegEncoder.Encode(SyntheticImages.Desktop(48, 32), 75, ChromaSubsampling.Yuv420);

    [Theory]
    [InlineData(new byte[0], "does not start with the SOI marker")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "does not start with the SOI marker")]
    [InlineData(new byte[] { 0xFF, 0xD8 }, "expected a marker")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0x12, 0x34 }, "Expected a marker (FF xx), found byte 0x12")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, "No frame header")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x01 }, "Invalid segment length 1")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x10, 0x41 }, "runs past the end of the data")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9 }, "Scan (SOS) before any frame header")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD8 }, "second SOI")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD3 }, "RST3 outside a scan")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0x02, 0x00, 0x02 }, "Unknown or reserved marker FF 02")]
    public void Broken_structure_is_reported(byte[] data, string expected)
    {
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(data));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_fails_cleanly()
    {
        Assert.Equal(48, JpegDecoder.Decode(Valid).Width);
        for (var length = 0; length < Valid.Length; length++)
        {
            Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(Valid.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Truncated_scan_data_names_the_problem_and_offset()
    {
        var truncated = Valid[..(Valid.Length - 40)];

        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(truncated));

        Assert.Contains("Truncated", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Offset);
        Assert.InRange(error.Offset.Value, 0, truncated.Length);
    }

    [Fact]
    public void Dimensions_over_the_pixel_limit_are_rejected_before_decoding()
    {
        var huge = JpegSegments.Patch(Valid, 0xC0, 1, 0xFF, 0xFF, 0xFF, 0xFF);

        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(huge));
        Assert.Contains("65535x65535", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPixels", error.Message, StringComparison.Ordinal);

        var limited = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(Valid, new JpegDecodeOptions { MaxPixels = 48 * 32 - 1 }));
        Assert.Contains("over the limit of 1535", limited.Message, StringComparison.Ordinal);
        Assert.Equal(32, JpegDecoder.Decode(Valid, new JpegDecodeOptions { MaxPixels = 48 * 32 }).Height);
    }

    [Fact]
    public void Large_dimensions_with_little_data_are_rejected_before_allocating_planes()
    {
        // 6000x6000 is under the default limit, but a ~1 KB scan cannot hold 36 megapixels of blocks.
        var inflated = JpegSegments.Patch(Valid, 0xC0, 1, 0x17, 0x70, 0x17, 0x70);

        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(inflated));

        Assert.Contains("Truncated data: the scan codes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huffman_tables_with_too_many_codes_are_rejected()
    {
        byte[] counts = [0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0];
        var segment = DhtSegment(0x00, counts, new byte[510]);

        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(JpegSegments.ReplaceSegment(Valid, 0xC4, segment)));

        Assert.Contains("declares 510 codes; at most 256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_subscribed_huffman_tables_are_rejected()
    {
        byte[] counts = [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var segment = DhtSegment(0x00, counts, [0, 1, 2]);

        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(JpegSegments.ReplaceSegment(Valid, 0xC4, segment)));

        Assert.Contains("more codes of length 1 than fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huffman_symbols_missing_from_the_segment_are_rejected()
    {
        byte[] counts = [0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var segment = DhtSegment(0x00, counts, [0, 1]);

        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(JpegSegments.ReplaceSegment(Valid, 0xC4, segment)));

        Assert.Contains("declares 5 symbols but its segment holds fewer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x05, "Quantization table id 5 is out of range")]
    [InlineData(0x20, "Quantization table precision 2 is invalid")]
    public void Invalid_quantization_table_headers_are_rejected(byte header, string expected)
    {
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(JpegSegments.Patch(Valid, 0xDB, 0, header)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huffman_table_ids_out_of_range_are_rejected()
    {
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(JpegSegments.Patch(Valid, 0xC4, 0, 0x07)));

        Assert.Contains("id 7 is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Components_referring_to_undefined_tables_are_rejected()
    {
        // SOF payload: precision, height(2), width(2), count, then 3 bytes per component; component 2's table byte.
        var missingQuantization = JpegSegments.Patch(Valid, 0xC0, 6 + 3 + 2, 3);
        Assert.Contains("uses quantization table 3, which was never defined",
            Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(missingQuantization)).Message, StringComparison.Ordinal);

        var outOfRange = JpegSegments.Patch(Valid, 0xC0, 6 + 3 + 2, 4);
        Assert.Contains("refers to quantization table 4",
            Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(outOfRange)).Message, StringComparison.Ordinal);

        // SOS payload: count, then (component id, DC<<4 | AC) pairs.
        var missingHuffman = PatchScanHeader(Valid, 2, 0x23);
        Assert.Contains("uses DC Huffman table 2, which was never defined",
            Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(missingHuffman)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_components_missing_from_the_frame_are_rejected()
    {
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(PatchScanHeader(Valid, 3, 9)));

        Assert.Contains("Scan refers to component 9, which the frame does not declare", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x05 }, 6 + 1, "invalid sampling factors 0x5")]
    [InlineData(new byte[] { 0x33, 0x00, 0x02, 0x22 }, 6 + 1, "component 2 is 2x2, not an integer fraction of 3x3")]
    [InlineData(new byte[] { 0x44 }, 6 + 1, "Interleaved scan has 18 blocks per MCU; the limit is 10")]
    [InlineData(new byte[] { 0x00, 0x00 }, 3, "width 0")]
    [InlineData(new byte[] { 0x00, 0x00 }, 1, "Height 0")]
    [InlineData(new byte[] { 2 }, 5, "Frame header length does not match")]
    public void Invalid_frame_headers_are_rejected(byte[] bytes, int payloadIndex, string expected)
    {
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(JpegSegments.Patch(Valid, 0xC0, payloadIndex, bytes)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_restart_marker_numbers_are_rejected()
    {
        var jpeg = ReferenceTools.Cjpeg(SyntheticImages.Desktop(64, 32), "-restart", "1B");
        var rst0 = IndexOf(jpeg, 0xFF, 0xD0);
        var edited = (byte[])jpeg.Clone();
        edited[rst0 + 1] = 0xD3;

        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(edited));

        Assert.Contains("Expected restart marker RST0, found FF D3", error.Message, StringComparison.Ordinal);
        Assert.Equal(rst0, error.Offset);
    }

    [Fact]
    public void Garbage_entropy_data_fails_cleanly()
    {
        var sos = IndexOf(Valid, 0xFF, 0xDA);
        var start = sos + 2 + ((Valid[sos + 2] << 8) | Valid[sos + 3]);
        var edited = (byte[])Valid.Clone();
        edited.AsSpan(start, edited.Length - 2 - start).Fill(0xFE);

        Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(edited));
    }

    [Fact]
    public void Missing_end_of_image_is_reported()
    {
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(Valid.AsSpan(0, Valid.Length - 2)));

        Assert.Contains("without an EOI marker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fuzzed_files_decode_or_throw_only_JpegFormatException()
    {
        byte[][] seeds =
        [
            Valid,
            JpegEncoder.Encode(SyntheticImages.Gradient(40, 24), 90, ChromaSubsampling.Yuv444),
            ReferenceTools.Cjpeg(SyntheticImages.Desktop(40, 24), "-sample", "2x1", "-restart", "1B", "-optimize"),
            ReferenceTools.Cjpeg(SyntheticImages.Desktop(24, 40), "-grayscale"),
        ];
        var random = new Random(20261121);
        var outcomes = new int[2];
        for (var iteration = 0; iteration < 4000; iteration++)
        {
            var seed = seeds[iteration % seeds.Length];
            var mutated = Mutate(seed, random);
            try
            {
                var scale = (JpegScale)(1 << random.Next(4)); // every path: full size and reduced IDCTs
                var image = JpegDecoder.Decode(mutated, new JpegDecodeOptions { Scale = scale });
                Assert.True(image.Width > 0 && image.Height > 0);
                outcomes[0]++;
            }
            catch (JpegFormatException)
            {
                outcomes[1]++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Iteration {iteration}: {e.GetType().Name} instead of JpegFormatException: {e}");
            }

            try
            {
                _ = JpegDecoder.ReadInfo(mutated);
            }
            catch (JpegFormatException)
            {
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"decoded {outcomes[0]}, rejected {outcomes[1]}");
        // Both paths must be exercised, or the mutations are too gentle (or too brutal) to test anything.
        Assert.True(outcomes[0] > 100 && outcomes[1] > 100, $"decoded {outcomes[0]}, rejected {outcomes[1]}");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        switch (random.Next(5))
        {
            case 0:
            case 1:
                // Change a few bytes, biased towards the headers where structure lives.
                var changes = random.Next(1, 5);
                for (var i = 0; i < changes; i++)
                {
                    var limit = random.Next(2) == 0 ? Math.Min(data.Length, 700) : data.Length;
                    data[random.Next(limit)] = (byte)random.Next(256);
                }

                return data;
            case 2:
                // Flip single bits anywhere.
                for (var i = 0; i < random.Next(1, 4); i++)
                {
                    var at = random.Next(data.Length);
                    data[at] ^= (byte)(1 << random.Next(8));
                }

                return data;
            case 3:
                // Truncate and maybe glue an EOI on.
                var length = random.Next(data.Length);
                return random.Next(2) == 0 ? data[..length] : [.. data[..length], 0xFF, 0xD9];
            default:
                // Duplicate or delete a chunk.
                var start = random.Next(data.Length);
                var size = random.Next(1, Math.Min(64, data.Length - start) + 1);
                return random.Next(2) == 0
                    ? [.. data[..start], .. data[start..(start + size)], .. data[start..]]
                    : [.. data[..start], .. data[(start + size)..]];
        }
    }

    private static byte[] DhtSegment(byte classAndId, byte[] counts, byte[] symbols)
    {
        var length = 2 + 1 + 16 + symbols.Length;
        return [0xFF, 0xC4, (byte)(length >> 8), (byte)length, classAndId, .. counts, .. symbols];
    }

    private static byte[] PatchScanHeader(byte[] jpeg, int payloadIndex, byte value)
    {
        var sos = IndexOf(jpeg, 0xFF, 0xDA);
        var copy = (byte[])jpeg.Clone();
        copy[sos + 4 + payloadIndex] = value;
        return copy;
    }

    private static int IndexOf(byte[] data, byte first, byte second)
    {
        for (var i = 0; i + 1 < data.Length; i++)
        {
            if (data[i] == first && data[i + 1] == second)
            {
                return i;
            }
        }

        Assert.Fail($"{first:X2} {second:X2} not found");
        return -1;
    }
}
