namespace AssistantLsp.ModelWriting;

/// <summary>What differs between the decoders we write; the rest of genai_config.json is fixed.</summary>
internal sealed record GenAiDecoderConfig(
    int ContextLength,
    int HeadSize,
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    int Layers,
    int VocabSize,
    int BosId,
    IReadOnlyList<int> EosIds,
    int PadId)
{
    /// <summary>Concat-KV graphs take position_ids; GroupQueryAttention graphs derive positions themselves.</summary>
    public bool HasPositionIds { get; init; } = true;

    /// <summary>False for Concat-KV graphs; true for GroupQueryAttention, which writes new keys into one max_length buffer.</summary>
    public bool PastPresentShareBuffer { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 keeps its default.</summary>
    public int Threads { get; init; }
}

/// <summary>Writes genai_config.json for the decoders the project generates.</summary>
internal static class GenAiConfigWriter
{
    public const string ModelFileName = "model.onnx";

    /// <summary>A Concat-KV decoder of the test-model writer.</summary>
    public static void Write(string directory, TransformerShape shape, int bosId, IReadOnlyList<int> eosIds, int padId) =>
        Write(directory, new GenAiDecoderConfig(
            shape.Context, shape.HeadSize, shape.Hidden, shape.AttentionHeads, shape.AttentionHeads, shape.Layers, shape.Vocab, bosId, eosIds, padId));

    public static void Write(string directory, GenAiDecoderConfig config) =>
        TokenizerFilesWriter.WriteJson(Path.Combine(directory, "genai_config.json"), w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("model");
            w.WriteNumber("bos_token_id", config.BosId);
            w.WriteNumber("context_length", config.ContextLength);
            w.WriteStartObject("decoder");
            w.WriteStartObject("session_options");
            w.WriteString("log_id", "onnxruntime-genai");
            if (config.Threads > 0)
            {
                w.WriteNumber("intra_op_num_threads", config.Threads);
                w.WriteNumber("inter_op_num_threads", 1);
            }

            w.WriteStartArray("provider_options");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("filename", ModelFileName);
            w.WriteNumber("head_size", config.HeadSize);
            w.WriteNumber("hidden_size", config.HiddenSize);
            w.WriteStartObject("inputs");
            w.WriteString("input_ids", "input_ids");
            w.WriteString("attention_mask", "attention_mask");
            if (config.HasPositionIds)
            {
                w.WriteString("position_ids", "position_ids");
            }

            w.WriteString("past_key_names", "past_key_values.%d.key");
            w.WriteString("past_value_names", "past_key_values.%d.value");
            w.WriteEndObject();
            w.WriteStartObject("outputs");
            w.WriteString("logits", "logits");
            w.WriteString("present_key_names", "present.%d.key");
            w.WriteString("present_value_names", "present.%d.value");
            w.WriteEndObject();
            w.WriteNumber("num_attention_heads", config.AttentionHeads);
            w.WriteNumber("num_hidden_layers", config.Layers);
            w.WriteNumber("num_key_value_heads", config.KeyValueHeads);
            w.WriteEndObject();
            w.WriteStartArray("eos_token_id");
            foreach (var id in config.EosIds)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
            w.WriteNumber("pad_token_id", config.PadId);
            w.WriteString("type", "qwen2");
            w.WriteNumber("vocab_size", config.VocabSize);
            w.WriteEndObject();
            w.WriteStartObject("search");
            w.WriteBoolean("do_sample", false);
            w.WriteBoolean("early_stopping", true);
            w.WriteNumber("max_length", config.ContextLength);
            w.WriteNumber("min_length", 0);
            w.WriteNumber("num_beams", 1);
            w.WriteNumber("num_return_sequences", 1);
            w.WriteBoolean("past_present_share_buffer", config.PastPresentShareBuffer);
            w.WriteNumber("repetition_penalty", 1.0);
            w.WriteNumber("temperature", 1.0);
            w.WriteNumber("top_k", 1);
            w.WriteNumber("top_p", 1.0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
}
