namespace AssistantLsp.ModelWriting;

/// <summary>
/// Builds the ONNX graph of a <see cref="TransformerWeights"/> model with the input/output names
/// ONNX Runtime GenAI expects from a decoder: input_ids, attention_mask, position_ids,
/// past_key_values.N.key|value in; logits, present.N.key|value out. Only standard ops are used;
/// the KV cache is a Concat of past and new keys along the sequence axis.
/// </summary>
internal static class DecoderGraph
{
    public const string Batch = "batch_size";
    public const string Sequence = "sequence_length";
    public const string TotalSequence = "total_sequence_length";
    public const string PastSequence = "past_sequence_length";

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    public static string PresentKey(int layer) => $"present.{layer}.key";

    public static string PresentValue(int layer) => $"present.{layer}.value";

    public static byte[] Build(TransformerWeights weights)
    {
        var shape = weights.Shape;
        var g = new OnnxGraphBuilder();
        g.Input("input_ids", OnnxElementType.Int64, Batch, Sequence);
        g.Input("attention_mask", OnnxElementType.Int64, Batch, TotalSequence);
        g.Input("position_ids", OnnxElementType.Int64, Batch, Sequence);
        for (int i = 0; i < shape.Layers; i++)
        {
            g.Input(PastKey(i), OnnxElementType.Float, Batch, shape.AttentionHeads, PastSequence, shape.HeadSize);
            g.Input(PastValue(i), OnnxElementType.Float, Batch, shape.AttentionHeads, PastSequence, shape.HeadSize);
        }

        g.Output("logits", OnnxElementType.Float, Batch, Sequence, shape.Vocab);
        for (int i = 0; i < shape.Layers; i++)
        {
            g.Output(PresentKey(i), OnnxElementType.Float, Batch, shape.AttentionHeads, TotalSequence, shape.HeadSize);
            g.Output(PresentValue(i), OnnxElementType.Float, Batch, shape.AttentionHeads, TotalSequence, shape.HeadSize);
        }

        var tokenTable = g.Floats("embed.tokens", weights.TokenEmbedding, shape.Vocab, shape.Hidden);
        var x = g.Node("Gather", [tokenTable, "input_ids"], OnnxAttribute.Of("axis", 0L));
        if (weights.PositionEmbedding is { } positions)
        {
            var positionTable = g.Floats("embed.positions", positions, shape.Context, shape.Hidden);
            x = g.Node("Add", [x, g.Node("Gather", [positionTable, "position_ids"], OnnxAttribute.Of("axis", 0L))]);
        }

        var mask = AdditiveCausalMask(g);
        var splitHeads = g.Int64s("shape.split_heads", [0, 0, shape.AttentionHeads, shape.HeadSize], 4);
        var mergeHeads = g.Int64s("shape.merge_heads", [0, 0, shape.AttentionWidth], 3);
        var scale = g.Floats("attention.scale", [1f / MathF.Sqrt(shape.HeadSize)]);
        for (int i = 0; i < weights.Layers.Count; i++)
        {
            x = Block(g, weights, i, x, mask, splitHeads, mergeHeads, scale);
        }

        var final = LayerNorm(g, x, weights.FinalNormScale, weights.FinalNormBias, "final_norm", shape.Hidden);
        var head = g.Floats("lm_head.weight", weights.Head, shape.Hidden, shape.Vocab);
        var headBias = g.Floats("lm_head.bias", weights.HeadBias, shape.Vocab);
        g.NodeTo("logits", "Add", [g.Node("MatMul", [final, head]), headBias]);
        return g.ToModelBytes("tiny_decoder");
    }

    private static string Block(
        OnnxGraphBuilder g, TransformerWeights weights, int index, string x, string mask, string splitHeads, string mergeHeads, string scale)
    {
        var shape = weights.Shape;
        var w = weights.Layers[index];
        var p = $"layers.{index}";
        var h = LayerNorm(g, x, w.AttentionNormScale, w.AttentionNormBias, $"{p}.attention_norm", shape.Hidden);

        string Heads(float[] matrix, string name) => g.Node(
            "Transpose",
            [g.Node("Reshape", [g.Node("MatMul", [h, g.Floats($"{p}.{name}", matrix, shape.Hidden, shape.AttentionWidth)]), splitHeads])],
            OnnxAttribute.Of("perm", [0L, 2, 1, 3]));

        var q = Heads(w.Query, "query");
        var k = g.NodeTo(PresentKey(index), "Concat", [PastKey(index), Heads(w.Key, "key")], OnnxAttribute.Of("axis", 2L));
        var v = g.NodeTo(PresentValue(index), "Concat", [PastValue(index), Heads(w.Value, "value")], OnnxAttribute.Of("axis", 2L));
        var scores = g.Node("Mul", [g.Node("MatMul", [q, g.Node("Transpose", [k], OnnxAttribute.Of("perm", [0L, 1, 3, 2]))]), scale]);
        var probs = g.Node("Softmax", [g.Node("Add", [scores, mask])], OnnxAttribute.Of("axis", -1L));
        var context = g.Node("Transpose", [g.Node("MatMul", [probs, v])], OnnxAttribute.Of("perm", [0L, 2, 1, 3]));
        var attention = g.Node("MatMul", [g.Node("Reshape", [context, mergeHeads]), g.Floats($"{p}.attention_out", w.AttentionOut, shape.AttentionWidth, shape.Hidden)]);
        x = g.Node("Add", [x, attention]);

        var h2 = LayerNorm(g, x, w.MlpNormScale, w.MlpNormBias, $"{p}.mlp_norm", shape.Hidden);
        var up = g.Node("Add", [g.Node("MatMul", [h2, g.Floats($"{p}.mlp_in", w.MlpIn, shape.Hidden, shape.Mlp)]), g.Floats($"{p}.mlp_in_bias", w.MlpInBias, shape.Mlp)]);
        var activated = g.Node("Mul", [up, g.Node("Sigmoid", [up])]);
        var down = g.Node("MatMul", [activated, g.Floats($"{p}.mlp_out", w.MlpOut, shape.Mlp, shape.Hidden)]);
        return g.Node("Add", [x, down]);
    }

    private static string LayerNorm(OnnxGraphBuilder g, string x, float[] scale, float[] bias, string name, int width) => g.Node(
        "LayerNormalization",
        [x, g.Floats($"{name}.scale", scale, width), g.Floats($"{name}.bias", bias, width)],
        OnnxAttribute.Of("axis", -1L),
        OnnxAttribute.Of("epsilon", TransformerWeights.LayerNormEpsilon));

    /// <summary>
    /// [batch, 1, S, T] mask: 0 where query i may see key j (j ≤ i + past and attention_mask set),
    /// a large negative number elsewhere. Past length = T − S.
    /// </summary>
    private static string AdditiveCausalMask(OnnxGraphBuilder g)
    {
        var s = g.Node("Shape", ["input_ids"], OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L));
        var t = g.Node("Shape", ["attention_mask"], OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L));
        var past = g.Node("Squeeze", [g.Node("Sub", [t, s]), g.Int64s("mask.axis0", [0], 1)]);
        var ones = g.Node(
            "ConstantOfShape",
            [g.Node("Concat", [s, t], OnnxAttribute.Of("axis", 0L))],
            OnnxAttribute.Of("value", OnnxTensor.Floats("one", [1f], 1)));
        var causal = g.Node("Trilu", [ones, past], OnnxAttribute.Of("upper", 0L));
        var padding = g.Node(
            "Unsqueeze",
            [g.Node("Cast", ["attention_mask"], OnnxAttribute.Of("to", (long)OnnxElementType.Float)), g.Int64s("mask.axes12", [1, 2], 2)]);
        var allowed = g.Node("Mul", [causal, padding]);
        var blocked = g.Node("Sub", [allowed, g.Floats("mask.one", [1f])]);
        return g.Node("Mul", [blocked, g.Floats("mask.large", [1e9f])]);
    }
}
