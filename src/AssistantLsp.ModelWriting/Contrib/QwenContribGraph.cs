namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>
/// The node structure of a Qwen2 decoder as ONNX Runtime GenAI's model builder emits it for CPU
/// int4: fp32 activations; Gather embedding; SimplifiedLayerNormalization then
/// SkipSimplifiedLayerNormalization (norm and residual add in one op); one packed QKV MatMulNBits
/// plus bias; GroupQueryAttention with rotary inside (cos/sin caches) and a KV buffer shared
/// between past and present; SiLU-gated MLP of MatMulNBits; MatMulNBits output head. There is no
/// position_ids input: GQA derives positions from seqlens_k. Initializer names are the ones
/// <see cref="QwenModelPairWriter"/> stores in the external data file.
/// </summary>
internal static class QwenContribGraph
{
    public const string Batch = "batch_size";
    public const string Sequence = "sequence_length";
    public const string TotalSequence = "total_sequence_length";
    public const string PastSequence = "past_sequence_length";
    public const string Embedding = "model.embed_tokens.weight";
    public const string FinalNorm = "model.norm.weight";
    public const string Head = "lm_head";

    public static string Layer(int index, string part) => $"model.layers.{index}.{part}";

    public static void Build(ContribGraphBuilder g, QwenShape shape, int accuracyLevel)
    {
        g.Input("input_ids", OnnxElementType.Int64, Batch, Sequence);
        g.Input("attention_mask", OnnxElementType.Int64, Batch, TotalSequence);
        for (int i = 0; i < shape.Layers; i++)
        {
            g.Input($"past_key_values.{i}.key", OnnxElementType.Float, Batch, shape.KvHeads, PastSequence, shape.HeadSize);
            g.Input($"past_key_values.{i}.value", OnnxElementType.Float, Batch, shape.KvHeads, PastSequence, shape.HeadSize);
        }

        g.Output("logits", OnnxElementType.Float, Batch, Sequence, shape.Vocab);
        for (int i = 0; i < shape.Layers; i++)
        {
            g.Output($"present.{i}.key", OnnxElementType.Float, Batch, shape.KvHeads, TotalSequence, shape.HeadSize);
            g.Output($"present.{i}.value", OnnxElementType.Float, Batch, shape.KvHeads, TotalSequence, shape.HeadSize);
        }

        var (seqlensK, totalLength) = SequenceLengths(g);
        var (cos, sin) = RotaryCaches(g, shape);
        var embeddings = g.Node("Gather", [Embedding, "input_ids"], OnnxAttribute.Of("axis", 0L));
        var normed = g.Node(
            "SimplifiedLayerNormalization",
            [embeddings, Layer(0, "input_layernorm.weight")],
            OnnxAttribute.Of("axis", -1L),
            OnnxAttribute.Of("epsilon", shape.RmsEpsilon),
            OnnxAttribute.Of("stash_type", 1L));
        var residual = embeddings;
        string? pending = null;
        for (int i = 0; i < shape.Layers; i++)
        {
            if (pending is not null)
            {
                (normed, residual) = SkipNorm(g, shape, residual, pending, Layer(i, "input_layernorm.weight"));
            }

            var qkv = g.Node("Add", [MatMul(g, normed, Layer(i, "attn.qkv_proj"), shape.Hidden, shape.QueryWidth + (2 * shape.KvWidth), accuracyLevel), Layer(i, "attn.qkv_proj.bias")]);
            var attention = $"attention_{i}";
            g.NodeTo(
                [attention, $"present.{i}.key", $"present.{i}.value"],
                "GroupQueryAttention",
                ContribGraphBuilder.MicrosoftDomain,
                [qkv, string.Empty, string.Empty, $"past_key_values.{i}.key", $"past_key_values.{i}.value", seqlensK, totalLength, cos, sin],
                OnnxAttribute.Of("num_heads", (long)shape.Heads),
                OnnxAttribute.Of("kv_num_heads", (long)shape.KvHeads),
                OnnxAttribute.Of("scale", 1f / MathF.Sqrt(shape.HeadSize)),
                OnnxAttribute.Of("local_window_size", -1L),
                OnnxAttribute.Of("do_rotary", 1L),
                OnnxAttribute.Of("rotary_interleaved", 0L));
            var projected = MatMul(g, attention, Layer(i, "attn.o_proj"), shape.QueryWidth, shape.Hidden, accuracyLevel);
            (normed, residual) = SkipNorm(g, shape, residual, projected, Layer(i, "post_attention_layernorm.weight"));
            var gate = MatMul(g, normed, Layer(i, "mlp.gate_proj"), shape.Hidden, shape.Mlp, accuracyLevel);
            var up = MatMul(g, normed, Layer(i, "mlp.up_proj"), shape.Hidden, shape.Mlp, accuracyLevel);
            var activated = g.Node("Mul", [g.Node("Mul", [gate, g.Node("Sigmoid", [gate])]), up]);
            pending = MatMul(g, activated, Layer(i, "mlp.down_proj"), shape.Mlp, shape.Hidden, accuracyLevel);
        }

        (normed, _) = SkipNorm(g, shape, residual, pending!, FinalNorm);
        g.NodeTo(
            ["logits"],
            "MatMulNBits",
            ContribGraphBuilder.MicrosoftDomain,
            [normed, Head + ".weight_Q4", Head + ".weight_scales"],
            MatMulAttributes(shape.Hidden, shape.Vocab, accuracyLevel));
    }

    private static string MatMul(ContribGraphBuilder g, string input, string weight, int k, int n, int accuracyLevel) =>
        g.Nodes("MatMulNBits", ContribGraphBuilder.MicrosoftDomain, [input, weight + ".weight_Q4", weight + ".weight_scales"], 1, MatMulAttributes(k, n, accuracyLevel))[0];

    private static OnnxAttribute[] MatMulAttributes(int k, int n, int accuracyLevel) =>
    [
        OnnxAttribute.Of("K", (long)k),
        OnnxAttribute.Of("N", (long)n),
        OnnxAttribute.Of("bits", 4L),
        OnnxAttribute.Of("block_size", (long)Int4Matrix.BlockSize),
        OnnxAttribute.Of("accuracy_level", (long)accuracyLevel),
    ];

    /// <summary>Output 0: normalized (residual + skip); output 3: residual + skip, the next residual.</summary>
    private static (string Normed, string Residual) SkipNorm(ContribGraphBuilder g, QwenShape shape, string residual, string skip, string scale)
    {
        var outputs = g.Nodes(
            "SkipSimplifiedLayerNormalization",
            ContribGraphBuilder.MicrosoftDomain,
            [residual, skip, scale],
            4,
            OnnxAttribute.Of("epsilon", shape.RmsEpsilon));
        return (outputs[0], outputs[3]);
    }

    /// <summary>seqlens_k = sum(attention_mask) − 1 and total_sequence_length = mask width, both int32, as the model builder computes them.</summary>
    private static (string SeqlensK, string Total) SequenceLengths(ContribGraphBuilder g)
    {
        var sum = g.Node("ReduceSum", ["attention_mask", g.Int64s("mask.sum_axes", [1], 1)], OnnxAttribute.Of("keepdims", 0L));
        var seqlensK = g.Node("Cast", [g.Node("Sub", [sum, g.Int64s("mask.one", [1])])], OnnxAttribute.Of("to", (long)OnnxElementType.Int32));
        var width = g.Node("Gather", [g.Node("Shape", ["attention_mask"]), g.Int64s("mask.width_index", [1])], OnnxAttribute.Of("axis", 0L));
        var total = g.Node("Cast", [width], OnnxAttribute.Of("to", (long)OnnxElementType.Int32));
        return (seqlensK, total);
    }

    /// <summary>cos/sin of position · θ^(−2i/d) for every position up to the context, [context, head/2] (non-interleaved halves).</summary>
    private static (string Cos, string Sin) RotaryCaches(ContribGraphBuilder g, QwenShape shape)
    {
        int half = shape.HeadSize / 2;
        var cos = new float[shape.Context * half];
        var sin = new float[shape.Context * half];
        for (int position = 0; position < shape.Context; position++)
        {
            for (int i = 0; i < half; i++)
            {
                double angle = position * Math.Pow(shape.RopeTheta, -2.0 * i / shape.HeadSize);
                cos[(position * half) + i] = (float)Math.Cos(angle);
                sin[(position * half) + i] = (float)Math.Sin(angle);
            }
        }

        return (g.Floats("rotary.cos_cache", cos, shape.Context, half), g.Floats("rotary.sin_cache", sin, shape.Context, half));
    }
}
