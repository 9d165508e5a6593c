using System.Runtime.InteropServices;

namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>Where <see cref="QwenModelPairWriter"/> put the two models.</summary>
public sealed record QwenModelPair(string OnnxDirectory, string GgufPath);

/// <summary>How to write a model pair.</summary>
public sealed record QwenPairOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>MatMulNBits accuracy_level: 4 (int8 compute) as in the published CPU int4 exports; 0 computes in fp32.</summary>
    public int AccuracyLevel { get; init; } = 4;

    /// <summary>ONNX Runtime intra-op threads in genai_config.json; 0 leaves ONNX Runtime's default.</summary>
    public int Threads { get; init; }
}

/// <summary>
/// Writes one random-weight Qwen2 model twice, with identical numerics: an ONNX Runtime GenAI
/// folder built from the contrib operators of the GenAI model builder (MatMulNBits int4 block 32)
/// and a llama.cpp GGUF file in Q4_0. Every matrix is generated once per row chunk, quantized once,
/// and the same codes and fp16 scales go to both files, streamed, so the 1.5B shape never sits in
/// memory whole. The ONNX embedding is the dequantized int4 table (llama.cpp reads the same rows).
/// </summary>
public static class QwenModelPairWriter
{
    public const string OnnxFolder = "onnx";
    public const string GgufFile = "model-q4_0.gguf";

    private const int ChunkRows = 2048;

    public static QwenModelPair Write(QwenShape shape, string directory, QwenPairOptions options, CancellationToken cancellationToken) =>
        Write(shape, directory, options, observe: null, cancellationToken);

    /// <param name="observe">Receives each weight (dequantized, row-major [out, in]) under a short name; for the reference forward pass in tests.</param>
    internal static QwenModelPair Write(
        QwenShape shape, string directory, QwenPairOptions options, Action<string, float[]>? observe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        var onnxDirectory = Path.Combine(directory, OnnxFolder);
        Directory.CreateDirectory(onnxDirectory);
        var ggufPath = Path.Combine(directory, GgufFile);

        var graph = new ContribGraphBuilder();
        QwenContribGraph.Build(graph, shape, options.AccuracyLevel);
        using (var data = new OnnxDataFile(Path.Combine(onnxDirectory, "model.onnx.data"), graph))
        using (var gguf = new GgufStreamWriter(File.Create(ggufPath), QwenGgufLayout.Plan(shape)))
        {
            int ggufEos = QwenGgufLayout.AddMetadata(gguf, shape);
            gguf.WriteHeader();
            // Zero output rows give the end-of-sequence ids a logit of exactly 0, below the largest
            // of the random logits, so every run decodes the full requested length in both engines.
            var silenced = new HashSet<int> { ggufEos, QwenOnnxFiles.EndOfSequenceId() };
            new Streams(shape, options.Seed, data, gguf, silenced, observe, cancellationToken).WriteAll();
            gguf.Finish();
        }

        File.WriteAllBytes(Path.Combine(onnxDirectory, "model.onnx"), graph.ToModelBytes("qwen2_int4"));
        QwenOnnxFiles.Write(onnxDirectory, shape, options.Threads);
        return new QwenModelPair(onnxDirectory, ggufPath);
    }

    /// <summary>A part of an int4 matrix: its rows come from one seeded stream.</summary>
    private sealed record Part(string Observed, string? GgufName, int Stream, int Rows, float Scale, bool Silence = false);

    private sealed class Streams(
        QwenShape shape, int seed, OnnxDataFile data, GgufStreamWriter gguf, HashSet<int> silencedRows, Action<string, float[]>? observe, CancellationToken cancellationToken)
    {
        private const int EmbeddingStream = 1;

        public void WriteAll()
        {
            int h = shape.Hidden;
            WriteEmbedding();
            for (int i = 0; i < shape.Layers; i++)
            {
                int s = 100 + (i * 20);
                string Onnx(string part) => QwenContribGraph.Layer(i, part);
                string Gguf(string part) => $"blk.{i}.{part}";
                WriteNorm(Onnx("input_layernorm.weight"), Gguf("attn_norm.weight"), $"{i}.attn_norm", s);
                float inScale = 1.7f / MathF.Sqrt(h);
                WriteInt4(Onnx("attn.qkv_proj"), h,
                [
                    new($"{i}.q", Gguf("attn_q.weight"), s + 1, shape.QueryWidth, inScale),
                    new($"{i}.k", Gguf("attn_k.weight"), s + 2, shape.KvWidth, inScale),
                    new($"{i}.v", Gguf("attn_v.weight"), s + 3, shape.KvWidth, inScale),
                ]);
                WriteQkvBias(i, Onnx("attn.qkv_proj.bias"), s + 4);
                WriteInt4(Onnx("attn.o_proj"), shape.QueryWidth, [new($"{i}.o", Gguf("attn_output.weight"), s + 5, h, 1.7f / MathF.Sqrt(shape.QueryWidth))]);
                WriteNorm(Onnx("post_attention_layernorm.weight"), Gguf("ffn_norm.weight"), $"{i}.ffn_norm", s + 6);
                WriteInt4(Onnx("mlp.gate_proj"), h, [new($"{i}.gate", Gguf("ffn_gate.weight"), s + 7, shape.Mlp, inScale)]);
                WriteInt4(Onnx("mlp.up_proj"), h, [new($"{i}.up", Gguf("ffn_up.weight"), s + 8, shape.Mlp, inScale)]);
                WriteInt4(Onnx("mlp.down_proj"), shape.Mlp, [new($"{i}.down", Gguf("ffn_down.weight"), s + 9, h, 1.7f / MathF.Sqrt(shape.Mlp))]);
            }

            WriteNorm(QwenContribGraph.FinalNorm, "output_norm.weight", "norm", 2);
            // A tied head reads the embedding's own int4 rows (llama.cpp falls back to token_embd).
            WriteInt4(QwenContribGraph.Head, h, shape.TiedEmbeddings
                ? [new("lm_head", null, EmbeddingStream, shape.Vocab, 1f, Silence: true)]
                : [new("lm_head", "output.weight", 3, shape.Vocab, 3f / MathF.Sqrt(h), Silence: true)]);
        }

        /// <summary>ONNX: fp32 table of the dequantized int4 values; GGUF: the same values as Q4_0.</summary>
        private void WriteEmbedding()
        {
            var random = new SeededUniform(seed, EmbeddingStream);
            var observed = observe is null ? null : new List<float>();
            data.Begin();
            gguf.BeginTensor("token_embd.weight");
            for (int row = 0; row < shape.Vocab; row += ChunkRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var matrix = Generate(random, row, Math.Min(ChunkRows, shape.Vocab - row), shape.Hidden, 1f, shape.TiedEmbeddings);
                var values = matrix.Dequantize();
                data.Write(MemoryMarshal.AsBytes(values.AsSpan()));
                gguf.Write(matrix.ToQ4_0());
                observed?.AddRange(values);
            }

            gguf.EndTensor();
            data.End(QwenContribGraph.Embedding, OnnxElementType.Float, shape.Vocab, shape.Hidden);
            observe?.Invoke("embed", [.. observed!]);
        }

        /// <summary>Rows of all parts stacked into one MatMulNBits weight; each part its own GGUF tensor.</summary>
        private void WriteInt4(string onnxName, int columns, IReadOnlyList<Part> parts)
        {
            var scales = new List<float>();
            data.Begin();
            foreach (var part in parts)
            {
                var random = new SeededUniform(seed, part.Stream);
                var observed = observe is null ? null : new List<float>();
                if (part.GgufName is { } name)
                {
                    gguf.BeginTensor(name);
                }

                for (int row = 0; row < part.Rows; row += ChunkRows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var matrix = Generate(random, row, Math.Min(ChunkRows, part.Rows - row), columns, part.Scale, part.Silence);
                    data.Write(matrix.ToMatMulNBits());
                    scales.AddRange(matrix.Scales);
                    if (part.GgufName is not null)
                    {
                        gguf.Write(matrix.ToQ4_0());
                    }

                    observed?.AddRange(matrix.Dequantize());
                }

                if (part.GgufName is not null)
                {
                    gguf.EndTensor();
                }

                observe?.Invoke(part.Observed, [.. observed!]);
            }

            int rows = parts.Sum(p => p.Rows);
            data.End(onnxName + ".weight_Q4", OnnxElementType.UInt8, rows, columns / Int4Matrix.BlockSize, Int4Matrix.BlockBytes);
            data.WriteFloats(onnxName + ".weight_scales", [.. scales], scales.Count);
        }

        private void WriteNorm(string onnxName, string ggufName, string observed, int stream)
        {
            var values = new float[shape.Hidden];
            new SeededUniform(seed, stream).Fill(values, 0.1f, offset: 1f);
            data.WriteFloats(onnxName, values, values.Length);
            gguf.WriteTensor(ggufName, values);
            observe?.Invoke(observed, values);
        }

        private void WriteQkvBias(int layer, string onnxName, int stream)
        {
            var random = new SeededUniform(seed, stream);
            var q = new float[shape.QueryWidth];
            var k = new float[shape.KvWidth];
            var v = new float[shape.KvWidth];
            random.Fill(q, 0.1f);
            random.Fill(k, 0.1f);
            random.Fill(v, 0.1f);
            data.WriteFloats(onnxName, [.. q, .. k, .. v], q.Length + k.Length + v.Length);
            gguf.WriteTensor($"blk.{layer}.attn_q.bias", q);
            gguf.WriteTensor($"blk.{layer}.attn_k.bias", k);
            gguf.WriteTensor($"blk.{layer}.attn_v.bias", v);
            observe?.Invoke($"{layer}.q_bias", q);
            observe?.Invoke($"{layer}.k_bias", k);
            observe?.Invoke($"{layer}.v_bias", v);
        }

        private Int4Matrix Generate(SeededUniform random, int firstRow, int rows, int columns, float scale, bool silence)
        {
            var values = new float[rows * columns];
            random.Fill(values, scale);
            if (silence)
            {
                foreach (var row in silencedRows.Where(r => r >= firstRow && r < firstRow + rows))
                {
                    values.AsSpan((row - firstRow) * columns, columns).Clear();
                }
            }

            return Int4Matrix.Quantize(values, rows, columns);
        }
    }
}
