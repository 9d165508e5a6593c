namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>
/// Sizes of a Qwen2-architecture decoder (RMSNorm, rotary positions, grouped-query attention with
/// q/k/v biases, SiLU-gated MLP). Every projection's input width must be a multiple of 32 (int4 blocks).
/// </summary>
public sealed record QwenShape(
    string Name,
    int Vocab,
    int Hidden,
    int Heads,
    int KvHeads,
    int HeadSize,
    int Layers,
    int Mlp,
    bool TiedEmbeddings,
    int Context = 1024,
    float RopeTheta = 10000f,
    float RmsEpsilon = 1e-6f)
{
    /// <summary>DeepSeek-R1-Distill-Qwen-1.5B (separate output head).</summary>
    public static QwenShape R1Distill1_5B { get; } = new("r1-1.5b", 151936, 1536, 12, 2, 128, 28, 8960, TiedEmbeddings: false);

    /// <summary>Qwen2.5(-Coder)-0.5B (output head tied to the embedding).</summary>
    public static QwenShape Qwen0_5B { get; } = new("qwen-0.5b", 151936, 896, 14, 2, 64, 24, 4864, TiedEmbeddings: true);

    /// <summary>A few hundred kilobytes with the same structure: for tests and the CI smoke run.</summary>
    public static QwenShape Tiny { get; } = new("tiny", 512, 64, 4, 2, 16, 2, 128, TiedEmbeddings: false, Context: 1024);

    public static IReadOnlyList<QwenShape> Known { get; } = [R1Distill1_5B, Qwen0_5B, Tiny];

    public int QueryWidth => Heads * HeadSize;

    public int KvWidth => KvHeads * HeadSize;

    /// <summary>Parameters in int4 matrices plus the embedding (what decides the file sizes).</summary>
    public long Parameters =>
        ((long)Vocab * Hidden * (TiedEmbeddings ? 1 : 2))
        + ((long)Layers * ((Hidden * (long)(QueryWidth + (2 * KvWidth))) + ((long)QueryWidth * Hidden) + (3L * Hidden * Mlp)));

    public static QwenShape? Find(string name) => Known.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
