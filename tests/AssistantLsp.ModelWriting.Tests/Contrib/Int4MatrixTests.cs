using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.ModelWriting.Tests.Contrib;

public sealed class Int4MatrixTests
{
    [Fact]
    public void Block_of_largest_magnitude_maps_to_code_0_and_scale_is_an_fp16_value()
    {
        var weights = Enumerable.Range(0, 32).Select(i => (i - 10) / 7f).ToArray(); // extreme 3.0 at i = 31
        var matrix = Int4Matrix.Quantize(weights, 1, 32);

        Assert.Equal((float)(Half)(3f / -8f), matrix.Scales[0]);
        Assert.Equal(0, matrix.Codes[31]);
        Assert.All(matrix.Codes, code => Assert.InRange(code, (byte)0, (byte)15));
        var restored = matrix.Dequantize();
        for (int i = 0; i < 32; i++)
        {
            Assert.True(MathF.Abs(restored[i] - weights[i]) <= MathF.Abs(matrix.Scales[0]) / 2 + 1e-3f, $"element {i}: {restored[i]} vs {weights[i]}");
        }
    }

    [Fact]
    public void Zero_block_has_zero_scale_and_middle_codes()
    {
        var matrix = Int4Matrix.Quantize(new float[64], 2, 32);

        Assert.Equal([0f, 0f], matrix.Scales);
        Assert.All(matrix.Codes, code => Assert.Equal(8, code));
        Assert.All(matrix.Dequantize(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void MatMulNBits_packs_neighbours_and_Q4_0_packs_half_blocks_with_the_same_codes()
    {
        var weights = Enumerable.Range(0, 32).Select(i => i % 2 == 0 ? -1f : 0.5f).ToArray();
        weights[20] = 1f / 8f * 5; // a distinct code in the upper half of the block
        var matrix = Int4Matrix.Quantize(weights, 1, 32);
        var c = matrix.Codes;

        var nbits = matrix.ToMatMulNBits();
        Assert.Equal(16, nbits.Length);
        Assert.Equal((byte)(c[0] | (c[1] << 4)), nbits[0]);
        Assert.Equal((byte)(c[20] | (c[21] << 4)), nbits[10]);

        var q40 = matrix.ToQ4_0();
        Assert.Equal(18, q40.Length);
        Assert.Equal((Half)matrix.Scales[0], BitConverter.ToHalf(q40, 0));
        Assert.Equal((byte)(c[0] | (c[16] << 4)), q40[2]);
        Assert.Equal((byte)(c[4] | (c[20] << 4)), q40[2 + 4]);
    }

    [Theory]
    [InlineData(1, 31)]
    [InlineData(0, 32)]
    public void Bad_sizes_are_rejected(int rows, int columns) =>
        Assert.Throws<ArgumentException>(() => Int4Matrix.Quantize(new float[Math.Max(1, rows * columns)], rows, columns));
}
