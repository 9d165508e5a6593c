using System.Globalization;
using AssistantLsp.Inference.Loading;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>
/// The llama.cpp side of a Qwen2 model pair: tensor names, types and order (architecture
/// "qwen2": q/k/v biases, a missing output.weight means tied to token_embd) and the metadata,
/// with a byte-level vocabulary padded to the model's vocabulary size.
/// </summary>
internal static class QwenGgufLayout
{
    private const string Arch = "qwen2";

    public static IReadOnlyList<GgufTensorPlan> Plan(QwenShape s)
    {
        var plan = new List<GgufTensorPlan> { Q4("token_embd.weight", s.Hidden, s.Vocab) };
        for (int i = 0; i < s.Layers; i++)
        {
            var p = $"blk.{i}.";
            plan.AddRange(
            [
                F32(p + "attn_norm.weight", s.Hidden),
                Q4(p + "attn_q.weight", s.Hidden, s.QueryWidth),
                Q4(p + "attn_k.weight", s.Hidden, s.KvWidth),
                Q4(p + "attn_v.weight", s.Hidden, s.KvWidth),
                F32(p + "attn_q.bias", s.QueryWidth),
                F32(p + "attn_k.bias", s.KvWidth),
                F32(p + "attn_v.bias", s.KvWidth),
                Q4(p + "attn_output.weight", s.QueryWidth, s.Hidden),
                F32(p + "ffn_norm.weight", s.Hidden),
                Q4(p + "ffn_gate.weight", s.Hidden, s.Mlp),
                Q4(p + "ffn_up.weight", s.Hidden, s.Mlp),
                Q4(p + "ffn_down.weight", s.Mlp, s.Hidden),
            ]);
        }

        plan.Add(F32("output_norm.weight", s.Hidden));
        if (!s.TiedEmbeddings)
        {
            plan.Add(Q4("output.weight", s.Hidden, s.Vocab));
        }

        return plan;
    }

    /// <returns>The end-of-sequence id.</returns>
    public static int AddMetadata(GgufStreamWriter file, QwenShape s)
    {
        // The ONNX side's tokenizer, token for token: prompts encode alike on both engines.
        var vocabulary = GgufVocabulary.Mirror(QwenOnnxFiles.Vocabulary());
        var bos = vocabulary.IdOf(KnownTokenTexts.BeginOfSentence);
        var eos = vocabulary.IdOf(KnownTokenTexts.EndOfSentence);
        // Ids the random model may emit beyond the byte tokens decode as visible placeholder text.
        for (int id = vocabulary.Count; id < s.Vocab; id++)
        {
            vocabulary.Add(string.Create(CultureInfo.InvariantCulture, $"<extra_{id}>"), GgufTokenType.Normal);
        }

        file.Add("general.architecture", Arch);
        file.Add("general.name", $"random-{s.Name}-q4_0");
        file.Add("general.alignment", (uint)GgufFileBuilder.Alignment);
        file.Add($"{Arch}.context_length", (uint)s.Context);
        file.Add($"{Arch}.embedding_length", (uint)s.Hidden);
        file.Add($"{Arch}.block_count", (uint)s.Layers);
        file.Add($"{Arch}.feed_forward_length", (uint)s.Mlp);
        file.Add($"{Arch}.attention.head_count", (uint)s.Heads);
        file.Add($"{Arch}.attention.head_count_kv", (uint)s.KvHeads);
        file.Add($"{Arch}.attention.key_length", (uint)s.HeadSize);
        file.Add($"{Arch}.attention.value_length", (uint)s.HeadSize);
        file.Add($"{Arch}.attention.layer_norm_rms_epsilon", s.RmsEpsilon);
        file.Add($"{Arch}.rope.freq_base", s.RopeTheta);
        vocabulary.AddTo(file, bos, eos);
        file.Add("tokenizer.ggml.add_bos_token", false);
        file.Add("tokenizer.chat_template", GgufTestModelWriter.ChatTemplate);
        return eos;
    }

    private static GgufTensorPlan Q4(string name, int inputs, int outputs) => new(name, [inputs, outputs], GgmlType.Q4_0);

    private static GgufTensorPlan F32(string name, int length) => new(name, [length], GgmlType.F32);
}
