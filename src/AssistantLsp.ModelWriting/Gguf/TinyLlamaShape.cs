namespace AssistantLsp.ModelWriting.Gguf;

/// <summary>Dimensions of a tiny llama-architecture decoder.</summary>
internal sealed record TinyLlamaShape(int VocabSize, int Hidden, int Heads, int KvHeads, int Layers, int FeedForward)
{
    public int HeadSize => Hidden / Heads;

    public int KvWidth => HeadSize * KvHeads;
}

/// <summary>The F32 weights of a tiny llama decoder, row-major (output rows of input columns).</summary>
internal sealed class TinyLlamaWeights
{
    public TinyLlamaWeights(TinyLlamaShape shape)
    {
        Shape = shape;
        TokenEmbedding = new float[shape.VocabSize * shape.Hidden];
        OutputNorm = Ones(shape.Hidden);
        Output = new float[shape.VocabSize * shape.Hidden];
        Layers = Enumerable.Range(0, shape.Layers).Select(_ => new Layer(shape)).ToArray();
    }

    public TinyLlamaShape Shape { get; }

    public float[] TokenEmbedding { get; }

    public float[] OutputNorm { get; }

    public float[] Output { get; }

    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Adds every tensor under llama.cpp's names, shapes in GGML order (contiguous dimension first).</summary>
    public void AddTo(GgufFileBuilder file)
    {
        var s = Shape;
        file.AddTensor("token_embd.weight", TokenEmbedding, s.Hidden, s.VocabSize);
        file.AddTensor("output_norm.weight", OutputNorm, s.Hidden);
        file.AddTensor("output.weight", Output, s.Hidden, s.VocabSize);
        for (var i = 0; i < Layers.Count; i++)
        {
            var layer = Layers[i];
            var prefix = $"blk.{i}.";
            file.AddTensor(prefix + "attn_norm.weight", layer.AttentionNorm, s.Hidden);
            file.AddTensor(prefix + "attn_q.weight", layer.Query, s.Hidden, s.Hidden);
            file.AddTensor(prefix + "attn_k.weight", layer.Key, s.Hidden, s.KvWidth);
            file.AddTensor(prefix + "attn_v.weight", layer.Value, s.Hidden, s.KvWidth);
            file.AddTensor(prefix + "attn_output.weight", layer.AttentionOutput, s.Hidden, s.Hidden);
            file.AddTensor(prefix + "ffn_norm.weight", layer.FeedForwardNorm, s.Hidden);
            file.AddTensor(prefix + "ffn_gate.weight", layer.Gate, s.Hidden, s.FeedForward);
            file.AddTensor(prefix + "ffn_up.weight", layer.Up, s.Hidden, s.FeedForward);
            file.AddTensor(prefix + "ffn_down.weight", layer.Down, s.FeedForward, s.Hidden);
        }
    }

    private static float[] Ones(int length) => Enumerable.Repeat(1f, length).ToArray();

    internal sealed class Layer(TinyLlamaShape shape)
    {
        public float[] AttentionNorm { get; } = Ones(shape.Hidden);

        public float[] Query { get; } = new float[shape.Hidden * shape.Hidden];

        public float[] Key { get; } = new float[shape.KvWidth * shape.Hidden];

        public float[] Value { get; } = new float[shape.KvWidth * shape.Hidden];

        public float[] AttentionOutput { get; } = new float[shape.Hidden * shape.Hidden];

        public float[] FeedForwardNorm { get; } = Ones(shape.Hidden);

        public float[] Gate { get; } = new float[shape.FeedForward * shape.Hidden];

        public float[] Up { get; } = new float[shape.FeedForward * shape.Hidden];

        public float[] Down { get; } = new float[shape.Hidden * shape.FeedForward];

        public IEnumerable<(float[] Values, int Inputs)> Matrices(TinyLlamaShape s) =>
        [
            (Query, s.Hidden), (Key, s.Hidden), (Value, s.Hidden), (AttentionOutput, s.Hidden),
            (Gate, s.Hidden), (Up, s.Hidden), (Down, s.FeedForward),
        ];
    }
}
