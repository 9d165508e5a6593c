namespace AssistantLsp.ModelWriting.Gguf;

/// <summary>llama.cpp token types (tokenizer.ggml.token_type), numbered as GGUF stores them.</summary>
internal enum GgufTokenType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

/// <summary>
/// A byte-level BPE vocabulary as llama.cpp's "gpt2" tokenizer reads it: token texts in the GPT-2
/// byte-to-unicode form (so any byte sequence has a spelling), a type per token, and merges as
/// "left right" pairs in rank order. Special tokens keep their raw text. Texts are unique:
/// llama.cpp refuses (aborts on) a vocabulary with duplicate texts.
/// </summary>
internal sealed class GgufVocabulary
{
    private readonly List<string> _tokens = [];
    private readonly List<GgufTokenType> _types = [];
    private readonly List<string> _merges = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>Starts with the 256 single-byte tokens, id = byte value, so every text can be encoded.</summary>
    public GgufVocabulary()
    {
        for (var b = 0; b < 256; b++)
        {
            Add(ByteLevelAlphabet.CharOf((byte)b).ToString(), GgufTokenType.Normal);
        }
    }

    /// <summary>
    /// The same tokens at the same ids as the tokenizer.json that <paramref name="source"/> writes:
    /// its byte-level BPE entries and merges, then its added tokens (special ones as control
    /// tokens, the others as user-defined: llama.cpp parses both as one token, as the Hugging Face
    /// tokenizer does). A model pair then encodes every text alike on both engines.
    /// </summary>
    public static GgufVocabulary Mirror(TestVocabulary source)
    {
        var vocabulary = new GgufVocabulary();
        foreach (var (text, id) in source.BpeEntries)
        {
            if (id >= 256)
            {
                var added = vocabulary.Add(text, GgufTokenType.Normal);
                if (added != id)
                {
                    throw new InvalidOperationException($"Token '{text}' would get id {added} instead of {id}.");
                }
            }
        }

        foreach (var (left, right) in source.Merges)
        {
            vocabulary._merges.Add($"{left} {right}");
        }

        foreach (var token in source.AddedTokens)
        {
            vocabulary.Add(token.Content, token.Special ? GgufTokenType.Control : GgufTokenType.UserDefined);
        }

        return vocabulary;
    }

    public IReadOnlyList<string> Tokens => _tokens;

    public IReadOnlyList<int> TokenTypes => _types.Select(t => (int)t).ToArray();

    public IReadOnlyList<string> Merges => _merges;

    public int Count => _tokens.Count;

    public bool Contains(string storedText) => _ids.ContainsKey(storedText);

    public int IdOf(string storedText) => _ids[storedText];

    /// <summary>Adds a token with its stored text (byte-encoded for normal tokens, raw for special ones).</summary>
    public int Add(string storedText, GgufTokenType type)
    {
        if (!_ids.TryAdd(storedText, _tokens.Count))
        {
            throw new InvalidOperationException($"The vocabulary already holds a token spelled '{storedText}'.");
        }

        _tokens.Add(storedText);
        _types.Add(type);
        return _tokens.Count - 1;
    }

    /// <summary>
    /// Adds merges (and the tokens they produce) that build <paramref name="word"/> left to right,
    /// one byte-level character at a time, so the encoder emits the word as one token.
    /// </summary>
    public void AddMergedWord(string word)
    {
        var spelled = ByteLevelAlphabet.Encode(word);
        for (var length = 2; length <= spelled.Length; length++)
        {
            var merged = spelled[..length];
            if (Contains(merged))
            {
                continue;
            }

            _merges.Add($"{spelled[..(length - 1)]} {spelled[length - 1]}");
            Add(merged, GgufTokenType.Normal);
        }
    }

    /// <summary>
    /// The tokenizer keys llama.cpp reads: byte-level BPE with Qwen2's pre-tokenizer, these tokens,
    /// types and merges, and the <paramref name="bos"/> and <paramref name="eos"/> ids.
    /// </summary>
    public void AddTo(GgufHeaderWriter file, int bos, int eos)
    {
        file.Add("tokenizer.ggml.model", "gpt2");
        file.Add("tokenizer.ggml.pre", "qwen2");
        file.Add("tokenizer.ggml.tokens", Tokens);
        file.Add("tokenizer.ggml.token_type", TokenTypes);
        file.Add("tokenizer.ggml.merges", Merges);
        file.Add("tokenizer.ggml.bos_token_id", (uint)bos);
        file.Add("tokenizer.ggml.eos_token_id", (uint)eos);
    }
}
