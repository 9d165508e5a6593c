using System.Text.Json;

namespace AssistantLsp.Inference.ModelWriting;

/// <summary>Writes genai_config.json for a Concat-KV decoder (so past/present buffers are not shared).</summary>
internal static class GenAiConfigWriter
{
    public const string ModelFileName = "model.onnx";

    public static void Write(string directory, TransformerShape shape, int bosId, IReadOnlyList<int> eosIds, int padId)
    {
        TokenizerFilesWriter.WriteJson(Path.Combine(directory, "genai_config.json"), w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("model");
            w.WriteNumber("bos_token_id", bosId);
            w.WriteNumber("context_length", shape.Context);
            w.WriteStartObject("decoder");
            w.WriteStartObject("session_options");
            w.WriteString("log_id", "onnxruntime-genai");
            w.WriteStartArray("provider_options");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("filename", ModelFileName);
            w.WriteNumber("head_size", shape.HeadSize);
            w.WriteNumber("hidden_size", shape.Hidden);
            w.WriteStartObject("inputs");
            w.WriteString("input_ids", "input_ids");
            w.WriteString("attention_mask", "attention_mask");
            w.WriteString("position_ids", "position_ids");
            w.WriteString("past_key_names", "past_key_values.%d.key");
            w.WriteString("past_value_names", "past_key_values.%d.value");
            w.WriteEndObject();
            w.WriteStartObject("outputs");
            w.WriteString("logits", "logits");
            w.WriteString("present_key_names", "present.%d.key");
            w.WriteString("present_value_names", "present.%d.value");
            w.WriteEndObject();
            w.WriteNumber("num_attention_heads", shape.AttentionHeads);
            w.WriteNumber("num_hidden_layers", shape.Layers);
            w.WriteNumber("num_key_value_heads", shape.AttentionHeads);
            w.WriteEndObject();
            w.WriteStartArray("eos_token_id");
            foreach (var id in eosIds)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
            w.WriteNumber("pad_token_id", padId);
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
            w.WriteBoolean("past_present_share_buffer", false);
            w.WriteNumber("repetition_penalty", 1.0);
            w.WriteNumber("temperature", 1.0);
            w.WriteNumber("top_k", 1);
            w.WriteNumber("top_p", 1.0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
