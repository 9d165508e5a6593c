using System.Globalization;
using System.Text.Json.Nodes;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Inference.ModelWriting.Contrib;

/// <summary>
/// genai_config.json and tokenizer files of the ONNX side of a Qwen2 model pair. The config
/// follows what the GenAI model builder writes for a GroupQueryAttention model: past and present
/// share one KV buffer of max_length (GQA writes the new keys in place), no position_ids input.
/// </summary>
public static class QwenOnnxFiles
{
    public const string ConfigFile = "genai_config.json";

    internal static int EndOfSequenceId() => Vocabulary().IdOfAdded(KnownTokenTexts.EndOfSentence);

    private static TestVocabulary Vocabulary() => new(24, withFimTokens: false, splitScript: null);

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
        TokenizerFilesWriter.WriteJson(Path.Combine(directory, ConfigFile), w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("model");
            w.WriteNumber("bos_token_id", bos);
            w.WriteNumber("context_length", shape.Context);
            w.WriteStartObject("decoder");
            w.WriteStartObject("session_options");
            w.WriteString("log_id", "onnxruntime-genai");
            if (threads > 0)
            {
                w.WriteNumber("intra_op_num_threads", threads);
                w.WriteNumber("inter_op_num_threads", 1);
            }

            w.WriteStartArray("provider_options");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("filename", "model.onnx");
            w.WriteNumber("head_size", shape.HeadSize);
            w.WriteNumber("hidden_size", shape.Hidden);
            w.WriteStartObject("inputs");
            w.WriteString("input_ids", "input_ids");
            w.WriteString("attention_mask", "attention_mask");
            w.WriteString("past_key_names", "past_key_values.%d.key");
            w.WriteString("past_value_names", "past_key_values.%d.value");
            w.WriteEndObject();
            w.WriteStartObject("outputs");
            w.WriteString("logits", "logits");
            w.WriteString("present_key_names", "present.%d.key");
            w.WriteString("present_value_names", "present.%d.value");
            w.WriteEndObject();
            w.WriteNumber("num_attention_heads", shape.Heads);
            w.WriteNumber("num_hidden_layers", shape.Layers);
            w.WriteNumber("num_key_value_heads", shape.KvHeads);
            w.WriteEndObject();
            w.WriteNumber("eos_token_id", eos);
            w.WriteNumber("pad_token_id", eos);
            w.WriteString("type", "qwen2");
            w.WriteNumber("vocab_size", shape.Vocab);
            w.WriteEndObject();
            w.WriteStartObject("search");
            w.WriteBoolean("do_sample", false);
            w.WriteBoolean("early_stopping", true);
            w.WriteNumber("max_length", shape.Context);
            w.WriteNumber("min_length", 0);
            w.WriteNumber("num_beams", 1);
            w.WriteNumber("num_return_sequences", 1);
            w.WriteBoolean("past_present_share_buffer", true);
            w.WriteNumber("repetition_penalty", 1.0);
            w.WriteNumber("temperature", 1.0);
            w.WriteNumber("top_k", 1);
            w.WriteNumber("top_p", 1.0);
            w.WriteEndObject();
            w.WriteEndObject();
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
