namespace AssistantLsp.ModelWriting;

/// <summary>Sizes of a tiny pre-LayerNorm decoder-only transformer.</summary>
/// <param name="AttentionHeads">Heads (also the KV heads: no grouped-query attention here).</param>
/// <param name="HeadSize">Per-head width; attention width is heads × head size, independent of <paramref name="Hidden"/>.</param>
/// <param name="UsePositions">Whether a learned position table is added to the token embedding.</param>
internal sealed record TransformerShape(
    int Vocab,
    int Hidden,
    int AttentionHeads,
    int HeadSize,
    int Layers,
    int Mlp,
    int Context,
    bool UsePositions)
{
    public int AttentionWidth => AttentionHeads * HeadSize;
}

/// <summary>Weights of one transformer block; matrices are row-major [in, out].</summary>
internal sealed record TransformerLayerWeights(
    float[] AttentionNormScale,
    float[] AttentionNormBias,
    float[] Query,
    float[] Key,
    float[] Value,
    float[] AttentionOut,
    float[] MlpNormScale,
    float[] MlpNormBias,
    float[] MlpIn,
    float[] MlpInBias,
    float[] MlpOut);

/// <summary>
/// All weights of a test model. The ONNX graph and the tests' reference forward pass are both
/// computed from this one object, so they cannot drift apart.
/// </summary>
internal sealed record TransformerWeights(
    TransformerShape Shape,
    float[] TokenEmbedding,
    float[]? PositionEmbedding,
    IReadOnlyList<TransformerLayerWeights> Layers,
    float[] FinalNormScale,
    float[] FinalNormBias,
    float[] Head,
    float[] HeadBias)
{
    public const float LayerNormEpsilon = 1e-5f;

    /// <summary>Gaussian weights from a seeded generator; <paramref name="headBias"/> steers which tokens can win.</summary>
    public static TransformerWeights Random(TransformerShape shape, int seed, float[] headBias)
    {
        var random = new Random(seed);
        int e = shape.Hidden, a = shape.AttentionWidth, m = shape.Mlp, v = shape.Vocab;
        float inScale = 1f / MathF.Sqrt(e);
        var layers = new List<TransformerLayerWeights>();
        for (int i = 0; i < shape.Layers; i++)
        {
            layers.Add(new TransformerLayerWeights(
                Fill(e, 1f),
                Gaussian(random, e, 0.05f),
                Gaussian(random, e * a, inScale),
                Gaussian(random, e * a, inScale),
                Gaussian(random, e * a, inScale),
                Gaussian(random, a * e, 1f / MathF.Sqrt(a)),
                Fill(e, 1f),
                Gaussian(random, e, 0.05f),
                Gaussian(random, e * m, inScale),
                Gaussian(random, m, 0.1f),
                Gaussian(random, m * e, 1f / MathF.Sqrt(m))));
        }

        return new TransformerWeights(
            shape,
            Gaussian(random, v * e, 1f),
            shape.UsePositions ? Gaussian(random, shape.Context * e, 0.5f) : null,
            layers,
            Fill(e, 1f),
            new float[e],
            // Larger head weights widen the gaps between logits, so greedy choices do not hinge on rounding.
            Gaussian(random, e * v, 3f * inScale),
            headBias);
    }

    public static float[] Fill(int count, float value)
    {
        var data = new float[count];
        Array.Fill(data, value);
        return data;
    }

    private static float[] Gaussian(Random random, int count, float scale)
    {
        var data = new float[count];
        for (int i = 0; i < count; i++)
        {
            // Box-Muller; 1 - NextDouble() keeps the log argument in (0, 1].
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            data[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2)) * scale;
        }

        return data;
    }
}
