namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>
/// A weight matrix quantized once to symmetric int4 in blocks of 32 along each row (the input
/// dimension), with one fp16-representable scale per block: w ≈ (q − 8) · scale. The same codes
/// and scales are written as ONNX MatMulNBits and as GGUF Q4_0, so both engines compute with
/// identical weights.
/// </summary>
internal sealed class Int4Matrix
{
    public const int BlockSize = 32;

    /// <summary>Bytes of one block's nibbles (both formats).</summary>
    public const int BlockBytes = BlockSize / 2;

    private Int4Matrix(int rows, int columns, byte[] codes, float[] scales)
    {
        Rows = rows;
        Columns = columns;
        Codes = codes;
        Scales = scales;
    }

    /// <summary>Output features (N).</summary>
    public int Rows { get; }

    /// <summary>Input features (K), a multiple of <see cref="BlockSize"/>.</summary>
    public int Columns { get; }

    /// <summary>One code 0..15 per weight, row-major [Rows, Columns].</summary>
    public byte[] Codes { get; }

    /// <summary>Scales row-major [Rows, Columns / 32], each exactly an fp16 value.</summary>
    public float[] Scales { get; }

    public int BlocksPerRow => Columns / BlockSize;

    /// <summary>
    /// Quantizes row-major [rows, columns] weights as Q4_0 does: the scale is the block's value of
    /// largest magnitude divided by −8 (rounded to fp16), codes are round(w / scale) + 8 clamped to 0..15.
    /// </summary>
    public static Int4Matrix Quantize(ReadOnlySpan<float> weights, int rows, int columns)
    {
        if (columns % BlockSize != 0 || rows <= 0)
        {
            throw new ArgumentException($"An int4 matrix needs rows > 0 and columns a multiple of {BlockSize} (got {rows} x {columns}).");
        }

        if (weights.Length != (long)rows * columns)
        {
            throw new ArgumentException($"Expected {rows * (long)columns} weights, got {weights.Length}.", nameof(weights));
        }

        var codes = new byte[weights.Length];
        var scales = new float[weights.Length / BlockSize];
        for (int block = 0; block < scales.Length; block++)
        {
            var values = weights.Slice(block * BlockSize, BlockSize);
            float extreme = 0;
            foreach (var value in values)
            {
                if (MathF.Abs(value) > MathF.Abs(extreme))
                {
                    extreme = value;
                }
            }

            float scale = (float)(Half)(extreme / -8f);
            scales[block] = scale;
            float inverse = scale == 0 ? 0 : 1f / scale;
            for (int i = 0; i < BlockSize; i++)
            {
                codes[(block * BlockSize) + i] = (byte)Math.Clamp((int)MathF.Round(values[i] * inverse) + 8, 0, 15);
            }
        }

        return new Int4Matrix(rows, columns, codes, scales);
    }

    public float[] Dequantize()
    {
        var values = new float[Codes.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (Codes[i] - 8) * Scales[i / BlockSize];
        }

        return values;
    }

    /// <summary>MatMulNBits B [N, K/32, 16]: byte j of a block holds element 2j (low nibble) and 2j+1 (high).</summary>
    public byte[] ToMatMulNBits()
    {
        var packed = new byte[Codes.Length / 2];
        for (int i = 0; i < packed.Length; i++)
        {
            packed[i] = (byte)(Codes[2 * i] | (Codes[(2 * i) + 1] << 4));
        }

        return packed;
    }

    /// <summary>GGUF Q4_0 blocks: fp16 scale, then byte j holds element j (low nibble) and j+16 (high).</summary>
    public byte[] ToQ4_0()
    {
        const int blockLength = 2 + BlockBytes;
        var data = new byte[Scales.Length * blockLength];
        for (int block = 0; block < Scales.Length; block++)
        {
            int at = block * blockLength, first = block * BlockSize;
            BitConverter.TryWriteBytes(data.AsSpan(at, 2), (Half)Scales[block]);
            for (int j = 0; j < BlockBytes; j++)
            {
                data[at + 2 + j] = (byte)(Codes[first + j] | (Codes[first + j + BlockBytes] << 4));
            }
        }

        return data;
    }

    public static long Q4_0Length(long elements) => elements / BlockSize * (2 + BlockBytes);
}
