using System.Text.Encodings.Web;
using System.Text.Json;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.ModelWriting;

/// <summary>
/// Writes tokenizer.json (byte-level BPE, Hugging Face layout) and tokenizer_config.json (class,
/// special tokens, an R1-style chat template) for a <see cref="TestVocabulary"/>.
/// </summary>
internal static class TokenizerFilesWriter
{
    /// <summary>
    /// R1 chat format: BOS, system text bare, user turns after &lt;｜User｜&gt;, assistant turns after
    /// &lt;｜Assistant｜&gt; closed by EOS; the generation prompt opens the think block.
    /// </summary>
    public const string ChatTemplate =
        "{{ bos_token }}{% for message in messages %}"
        + "{% if message['role'] == 'system' %}{{ message['content'] }}"
        + "{% elif message['role'] == 'user' %}{{ '" + KnownTokenTexts.User + "' + message['content'] }}"
        + "{% elif message['role'] == 'assistant' %}{{ '" + KnownTokenTexts.Assistant + "' + message['content'] + '" + KnownTokenTexts.EndOfSentence + "' }}"
        + "{% endif %}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '" + KnownTokenTexts.Assistant + KnownTokenTexts.ThinkStart + "\\n' }}{% endif %}";

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Real tokenizer files carry ｜ and ▁ as UTF-8, not as \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TestVocabulary vocabulary, string directory)
    {
        WriteJson(Path.Combine(directory, "tokenizer.json"), w => WriteTokenizer(w, vocabulary));
        WriteJson(Path.Combine(directory, "tokenizer_config.json"), w => WriteConfig(w, vocabulary));
    }

    internal static void WriteJson(string path, Action<Utf8JsonWriter> write)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        write(writer);
    }

    private static void WriteTokenizer(Utf8JsonWriter w, TestVocabulary vocabulary)
    {
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");
        w.WriteStartArray("added_tokens");
        foreach (var token in vocabulary.AddedTokens)
        {
            w.WriteStartObject();
            w.WriteNumber("id", token.Id);
            w.WriteString("content", token.Content);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("special", token.Special);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNull("normalizer");
        w.WriteStartObject("pre_tokenizer");
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("trim_offsets", false);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
        w.WriteNull("post_processor");
        w.WriteStartObject("decoder");
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("trim_offsets", false);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        w.WriteNull("unk_token");
        w.WriteNull("continuing_subword_prefix");
        w.WriteNull("end_of_word_suffix");
        w.WriteBoolean("fuse_unk", false);
        w.WriteBoolean("byte_fallback", false);
        w.WriteBoolean("ignore_merges", false);
        w.WriteStartObject("vocab");
        foreach (var (key, id) in vocabulary.BpeEntries)
        {
            w.WriteNumber(key, id);
        }

        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (left, right) in vocabulary.Merges)
        {
            w.WriteStringValue($"{left} {right}");
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteConfig(Utf8JsonWriter w, TestVocabulary vocabulary)
    {
        w.WriteStartObject();
        w.WriteBoolean("add_bos_token", true);
        w.WriteBoolean("add_eos_token", false);
        w.WriteStartObject("added_tokens_decoder");
        foreach (var token in vocabulary.AddedTokens)
        {
            w.WriteStartObject(token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("content", token.Content);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("special", token.Special);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("bos_token", KnownTokenTexts.BeginOfSentence);
        w.WriteString("eos_token", KnownTokenTexts.EndOfSentence);
        w.WriteString("pad_token", KnownTokenTexts.EndOfSentence);
        w.WriteNull("unk_token");
        w.WriteBoolean("clean_up_tokenization_spaces", false);
        w.WriteBoolean("legacy", true);
        w.WriteNumber("model_max_length", 16384);
        w.WriteString("tokenizer_class", "LlamaTokenizerFast");
        w.WriteString("chat_template", ChatTemplate);
        w.WriteEndObject();
    }
}
