using System.Globalization;
using System.Text.Json.Nodes;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>
/// genai_config.json and tokenizer files of the ONNX side of a Qwen2 model pair. The config
/// follows what the GenAI model builder writes for a GroupQueryAttention model: past and present
/// share one KV buffer of max_length (GQA writes the new keys in place), no position_ids input.
/// </summary>
public static class QwenOnnxFiles
{
    public const string ConfigFile = "genai_config.json";

    internal static int EndOfSequenceId() => Vocabulary().IdOfAdded(KnownTokenTexts.EndOfSentence);

    /// <summary>The tokenizer of both sides of a pair (the GGUF side mirrors it).</summary>
    internal static TestVocabulary Vocabulary() => new(24, withFimTokens: false, splitScript: null);

    /// <summary>(Re)writes genai_config.json and the tokenizer files; <paramref name="threads"/> 0 leaves ONNX Runtime's default.</summary>
    public static void Write(string directory, QwenShape shape, int threads)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var vocabulary = Vocabulary();
        if (vocabulary.Size > shape.Vocab)
        {
            throw new ArgumentException($"Vocabulary size {shape.Vocab} is below the tokenizer's {vocabulary.Size} tokens.", nameof(shape));
        }

        TokenizerFilesWriter.Write(vocabulary, directory);
        PadTokenizerVocabulary(Path.Combine(directory, "tokenizer.json"), vocabulary.Size, shape.Vocab);
        int bos = vocabulary.IdOfAdded(KnownTokenTexts.BeginOfSentence), eos = vocabulary.IdOfAdded(KnownTokenTexts.EndOfSentence);
        GenAiConfigWriter.Write(directory, new GenAiDecoderConfig(
            shape.Context, shape.HeadSize, shape.Hidden, shape.Heads, shape.KvHeads, shape.Layers, shape.Vocab, bos, [eos], eos)
        {
            HasPositionIds = false,
            PastPresentShareBuffer = true,
            Threads = threads,
        });
    }

    /// <summary>
    /// Gives every id the model can emit a BPE entry (never produced by a merge, so never encoded)
    /// that decodes as visible placeholder text.
    /// </summary>
    private static void PadTokenizerVocabulary(string path, int firstFree, int vocabSize)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var vocab = root["model"]!["vocab"]!.AsObject();
        for (int id = firstFree; id < vocabSize; id++)
        {
            vocab.Add(string.Create(CultureInfo.InvariantCulture, $"<extra_{id}>"), id);
        }

        TokenizerFilesWriter.WriteJson(path, w => root.WriteTo(w));
    }
}
