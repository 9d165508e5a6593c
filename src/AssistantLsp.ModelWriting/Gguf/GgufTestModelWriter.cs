using AssistantLsp.Inference.Loading;

namespace AssistantLsp.ModelWriting.Gguf;

/// <summary>
/// Writes tiny llama-architecture GGUF models that llama.cpp loads: a byte-level BPE tokenizer
/// with the DeepSeek-R1 special tokens and an R1-style chat template, and F32 weights that are
/// either seeded random or scripted (greedy decoding spells a fixed text after any prompt).
/// For tests and smoke checks; nothing here is meant to be a useful model.
/// </summary>
public static class GgufTestModelWriter
{
    /// <summary>Our own R1-style template: BOS, user turns, and a reply opened with a think block.</summary>
    public const string ChatTemplate =
        "{{ bos_token }}{% for message in messages %}"
        + "{% if message['role'] == 'system' %}{{ message['content'] }}"
        + "{% elif message['role'] == 'user' %}" + KnownTokenTexts.User + "{{ message['content'] }}"
        + "{% elif message['role'] == 'assistant' %}" + KnownTokenTexts.Assistant + "{{ message['content'] }}" + KnownTokenTexts.EndOfSentence
        + "{% endif %}{% endfor %}"
        + "{% if add_generation_prompt %}" + KnownTokenTexts.Assistant + KnownTokenTexts.ThinkStart + "\n{% endif %}";

    private const float ScriptLogit = 10f;

    /// <summary>Qwen-Coder FIM and end texts, control tokens as in Qwen2.5-Coder.</summary>
    private static readonly string[] _fimTokens =
    [
        KnownTokenTexts.QwenEndOfText, KnownTokenTexts.QwenFimPrefix, KnownTokenTexts.QwenFimMiddle, KnownTokenTexts.QwenFimSuffix,
        KnownTokenTexts.QwenFimPad, KnownTokenTexts.QwenRepoName, KnownTokenTexts.QwenFileSeparator,
    ];

    /// <summary>Texts llama.cpp treats as end-of-generation wherever they appear: never a script piece.</summary>
    private static readonly string[] _endTexts =
    [
        KnownTokenTexts.QwenEndOfText, KnownTokenTexts.QwenImEnd, "<|eot_id|>", "<|end|>", "<end_of_turn>", "<EOT>", KnownTokenTexts.DeepSeekEndOfTurn,
    ];

    /// <summary>Words the encoder merges into single tokens, so prompts are shorter than their bytes.</summary>
    private static readonly string[] _mergedWords =
    [
        " the", " of", " and", " to", " is", "in", "er", "on", "re", "th", "def", " def", "return", " return",
        "    ", "  ", "if", " if", "for", " for", "int", " int", "class", " class", "()", "):", "self", ".\n", "\n\n",
        "Hello", " world", "code", " function",
    ];

    /// <summary>
    /// Writes one <c>.gguf</c> file into <paramref name="outDirectory"/> (created if needed) and
    /// returns its path.
    /// </summary>
    public static string Write(GgufTestModelSpec spec, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(outDirectory);
        if (spec.ContextLength < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.ContextLength, "The context length must be at least 16 tokens.");
        }

        var file = Build(spec);
        Directory.CreateDirectory(outDirectory);
        var path = Path.Combine(outDirectory, spec.Kind == GgufTestModelKind.Scripted ? "tiny-scripted.gguf" : "tiny-random.gguf");
        using var stream = File.Create(path);
        file.WriteTo(stream);
        return path;
    }

    internal static GgufFileBuilder Build(GgufTestModelSpec spec)
    {
        var vocabulary = new GgufVocabulary();
        foreach (var word in _mergedWords)
        {
            vocabulary.AddMergedWord(word);
        }

        var bos = vocabulary.Add(KnownTokenTexts.BeginOfSentence, GgufTokenType.Control);
        var eos = vocabulary.Add(KnownTokenTexts.EndOfSentence, GgufTokenType.Control);

        // DeepSeek marks the chat and think tags as added but not special: they stay visible text.
        foreach (var text in new[] { KnownTokenTexts.User, KnownTokenTexts.Assistant, KnownTokenTexts.ThinkStart, KnownTokenTexts.ThinkEnd })
        {
            vocabulary.Add(text, GgufTokenType.UserDefined);
        }

        if (spec.WithFimTokens)
        {
            foreach (var text in _fimTokens)
            {
                vocabulary.Add(text, GgufTokenType.Control);
            }
        }

        TinyLlamaWeights weights;
        if (spec.Kind == GgufTestModelKind.Scripted)
        {
            var pieces = ScriptPieces.SplitDistinct(
                spec.Script ?? string.Empty,
                text => vocabulary.Contains(ByteLevelAlphabet.Encode(text)) || vocabulary.Contains(text) || _endTexts.Contains(text));
            var pieceIds = pieces.Select(p => PieceToken(vocabulary, p)).ToArray();
            weights = ScriptedWeights(vocabulary.Count, pieceIds, eos);
        }
        else
        {
            weights = RandomWeights(new TinyLlamaShape(vocabulary.Count, Hidden: 64, Heads: 4, KvHeads: 2, Layers: 2, FeedForward: 128), spec.Seed);
        }

        var file = new GgufFileBuilder();
        AddMetadata(file, spec, weights.Shape, vocabulary, bos, eos);
        weights.AddTo(file);
        return file;
    }

    /// <summary>A new token for the piece, or the existing one when the whole script is one token already.</summary>
    private static int PieceToken(GgufVocabulary vocabulary, string piece)
    {
        var spelled = ByteLevelAlphabet.Encode(piece);
        return vocabulary.Contains(spelled) ? vocabulary.IdOf(spelled)
            : vocabulary.Contains(piece) ? vocabulary.IdOf(piece)
            : vocabulary.Add(spelled, GgufTokenType.Normal);
    }

    private static void AddMetadata(GgufFileBuilder file, GgufTestModelSpec spec, TinyLlamaShape shape, GgufVocabulary vocabulary, int bos, int eos)
    {
        const string arch = "llama";
        file.Add("general.architecture", arch);
        file.Add("general.name", spec.Kind == GgufTestModelKind.Scripted ? "tiny-scripted" : "tiny-random");
        file.Add("general.alignment", (uint)GgufFileBuilder.Alignment);
        file.Add($"{arch}.context_length", (uint)spec.ContextLength);
        file.Add($"{arch}.embedding_length", (uint)shape.Hidden);
        file.Add($"{arch}.block_count", (uint)shape.Layers);
        file.Add($"{arch}.feed_forward_length", (uint)shape.FeedForward);
        file.Add($"{arch}.attention.head_count", (uint)shape.Heads);
        file.Add($"{arch}.attention.head_count_kv", (uint)shape.KvHeads);
        file.Add($"{arch}.attention.layer_norm_rms_epsilon", 1e-6f);
        file.Add($"{arch}.rope.freq_base", 10000f);
        file.Add($"{arch}.rope.dimension_count", (uint)shape.HeadSize);
        file.Add($"{arch}.vocab_size", (uint)shape.VocabSize);
        vocabulary.AddTo(file, bos, eos);
        file.Add("tokenizer.ggml.add_bos_token", true);
        file.Add("tokenizer.ggml.add_eos_token", false);
        var template = spec.ChatTemplate ?? ChatTemplate;
        if (template.Length > 0)
        {
            file.Add("tokenizer.chat_template", template);
        }
    }

    /// <summary>Uniform weights scaled by fan-in, so activations and logits stay of order one.</summary>
    private static TinyLlamaWeights RandomWeights(TinyLlamaShape shape, int seed)
    {
        var random = new Random(seed);
        var weights = new TinyLlamaWeights(shape);
        Fill(weights.TokenEmbedding, 1f, random);
        foreach (var layer in weights.Layers)
        {
            foreach (var (values, inputs) in layer.Matrices(shape))
            {
                Fill(values, 1f / MathF.Sqrt(inputs), random);
            }
        }

        Fill(weights.Output, 3f / MathF.Sqrt(shape.Hidden), random);
        return weights;
    }

    /// <summary>
    /// A <see cref="ScriptSuccessors"/> table. Hidden state 0 stands for "any token outside the
    /// script", state k+1 for piece k; each token embeds as the one-hot of its state. Attention and MLP weights are zero,
    /// so the residual stream keeps the one-hot; RMSNorm scales it to sqrt(hidden) on the same
    /// axis (norm weights are one), and the output row of the successor reads that axis: its logit
    /// is about 10·sqrt(hidden), every other logit is 0. The last piece's successor is EOS.
    /// </summary>
    private static TinyLlamaWeights ScriptedWeights(int vocabSize, int[] pieceIds, int eos)
    {
        var table = ScriptSuccessors.Build(pieceIds, eos, vocabSize);
        var hidden = Math.Max(16, (table.StateCount + 7) / 8 * 8);
        var shape = new TinyLlamaShape(vocabSize, hidden, Heads: 2, KvHeads: 2, Layers: 1, FeedForward: 16);
        var weights = new TinyLlamaWeights(shape);
        for (var token = 0; token < vocabSize; token++)
        {
            weights.TokenEmbedding[(token * hidden) + table.StateOf[token]] = 1f;
        }

        for (var state = 0; state < table.StateCount; state++)
        {
            weights.Output[(table.Followers[state] * hidden) + state] = ScriptLogit;
        }

        return weights;
    }

    private static void Fill(float[] values, float scale, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }
    }
}
